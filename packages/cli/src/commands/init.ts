// `jira-auth init`: verify, write the site's auth facts (.jira-auth.json) and what the site has (jira-site.json) for
// version control; `init --check` tells, in CI, when the site has changed since.
import { readFile, writeFile } from 'node:fs/promises';
import { type SiteFile, siteFrom } from '@jira-auth/core/site';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { getJson, myself } from '../jira.js';
import { discoverSite } from '../site/discover.js';
import { type Change, describe, driftOf } from '../site/drift.js';
import { Failure, step } from '../terminal.js';
import { storedTokens, subjectOf } from './subject.js';

/** The file of auth facts `fromEnv({ project })` and `fromLogin()` read, and the file of what the site has. */
export const FACTS_FILE = '.jira-auth.json';
export const SITE_FILE = 'jira-site.json';

interface InitOptions {
  profile?: string;
  force?: boolean;
  projects?: string;
  createMeta?: boolean;
  check?: boolean;
  json?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      `verify the credentials, discover the site (fields, projects, issue types, boards, ...) and write ${FACTS_FILE} and ${SITE_FILE} for version control`,
    )
    .option('--profile <name>', 'a profile other than the default')
    .option('--projects <keys>', 'only these projects (and their boards), e.g. DEMO,OPS')
    .option('--create-meta', 'also read the fields each issue type takes on create, per project')
    .option(
      '--check',
      `write nothing: exit ${EXIT.drift} and list the changes when the site differs from ${SITE_FILE}`,
    )
    .option('--json', 'print the outcome as JSON')
    .option('--force', `replace existing ${FACTS_FILE} and ${SITE_FILE}`)
    .addHelpText(
      'after',
      `\nExit codes: ${EXIT.ok} written (or, with --check, up to date), ${EXIT.drift} --check found drift, ${EXIT.notConfigured} not logged in or no ${SITE_FILE} to check, ${EXIT.rejected} credentials rejected, ${EXIT.unreachable} Jira unreachable, ${EXIT.failed} anything else.`,
    )
    .action(init);
}

async function init(options: InitOptions): Promise<void> {
  const subject = await subjectOf(options.profile);
  const result = await step('Contacting Jira', () => myself(subject.strategy, subject.dataCenter));
  if (result.status !== 200) {
    throw new Failure(
      `Jira answered ${result.status} to /myself: log in again`,
      result.status === 401 ? EXIT.rejected : EXIT.failed,
    );
  }
  const committed = options.check ? await readSiteFile() : undefined;
  // Refused before the discovery, not after its hundreds of requests.
  if (!options.check && !options.force) {
    for (const name of [FACTS_FILE, SITE_FILE]) {
      const exists = await readFile(name).then(
        () => true,
        () => false,
      );
      if (exists) throw new Failure(`${name} exists already: pass --force to replace it`, EXIT.failed);
    }
  }
  const projects = options.projects
    ?.split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  const site = await step('Discovering the site', () =>
    discoverSite(subject.strategy, {
      site: subject.site,
      dataCenter: subject.dataCenter,
      // --check discovers the way the committed file was.
      projects: committed ? committed.discovery.projects : projects,
      createMeta: committed ? committed.discovery.createMeta : options.createMeta,
    }),
  );
  if (committed) return report(driftOf(committed, site), site, options.json);

  const info = ((
    await getJson(subject.strategy, subject.dataCenter ? '/rest/api/2/serverInfo' : '/rest/api/3/serverInfo')
  ).body ?? {}) as Record<string, unknown>;
  const stored = await storedTokens(subject.profile);
  const facts = {
    site: subject.site,
    baseUrl: result.baseUrl,
    cloudId:
      /\/ex\/jira\/([^/]+)/.exec(result.baseUrl)?.[1] ??
      (subject.profile?.method === 'oauth' ? subject.profile.cloudId : null),
    deploymentType: typeof info.deploymentType === 'string' ? info.deploymentType : null,
    version: typeof info.version === 'string' ? info.version : null,
    method: subject.method,
    scopes: stored?.scope ?? null,
    accountId: result.account?.accountId ?? result.account?.name ?? null,
  };
  const files = [
    [FACTS_FILE, `${JSON.stringify(facts, null, 2)}\n`],
    [SITE_FILE, `${JSON.stringify(site, null, 2)}\n`],
  ] as const;
  // Never a secret in a file meant for version control, whatever a server answered.
  const profile = subject.profile;
  const secrets = [
    profile?.method === 'api-token' ? profile.apiToken : undefined,
    profile?.method === 'pat' ? profile.token : undefined,
    profile && 'clientSecret' in profile ? profile.clientSecret : undefined,
    stored?.accessToken,
    stored?.refreshToken,
    process.env.JIRA_API_TOKEN,
    process.env.JIRA_PAT,
    process.env.JIRA_PASSWORD,
    process.env.JIRA_CLIENT_SECRET,
    process.env.JIRA_REFRESH_TOKEN,
  ].filter((value): value is string => typeof value === 'string' && value !== '');
  for (const [name, text] of files) {
    if (secrets.some((secret) => text.includes(secret))) {
      throw new Failure(`refused to write ${name}: it would hold a secret`, EXIT.failed);
    }
  }
  for (const [name, text] of files) await writeFile(name, text);
  const counts = [
    [site.fields?.length, 'fields'],
    [site.projects?.length, 'projects'],
    [site.boards?.length, 'boards'],
  ]
    .filter(([count]) => count !== undefined)
    .map(([count, what]) => `${count} ${what}`)
    .join(', ');
  if (options.json) {
    console.log(
      JSON.stringify({ wrote: files.map(([name]) => name), notDiscovered: site.notDiscovered }, null, 2),
    );
    return;
  }
  console.log(
    `Wrote ${FACTS_FILE} and ${SITE_FILE} for ${facts.site} (${facts.deploymentType ?? 'unknown deployment'}; ${counts}): commit them; they hold no secret.`,
  );
  for (const gap of site.notDiscovered) console.log(`Not discovered: ${gap.part} (${gap.reason})`);
}

/** A committed site file, checked by the same reader as `loadSite()` (`siteFrom`): for `init --check` and `types`. */
export async function readSiteFile(path = SITE_FILE): Promise<SiteFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Failure(
      `${path} is not in this folder: run \`jira-auth init\` and commit it first`,
      EXIT.notConfigured,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Failure(
      `${path} is not JSON: run \`jira-auth init --force\` to write it again`,
      EXIT.notConfigured,
    );
  }
  return siteFrom(data).data;
}

function report(changes: readonly Change[], site: SiteFile, json: boolean | undefined): void {
  if (json)
    console.log(JSON.stringify({ site: site.site, upToDate: changes.length === 0, changes }, null, 2));
  else if (changes.length === 0) console.log(`${SITE_FILE} is up to date with ${site.site}.`);
  else {
    console.log(
      `${SITE_FILE} differs from ${site.site} (${changes.length} ${changes.length === 1 ? 'change' : 'changes'}):`,
    );
    for (const change of changes) console.log(`  ${describe(change)}`);
    console.log(
      `Run \`jira-auth init --force\` to write the site as it is now, then review and commit ${SITE_FILE}.`,
    );
  }
  if (changes.length > 0) process.exitCode = EXIT.drift;
}
