#!/usr/bin/env node
// `jira-auth`: log in once, then hand a verified credential to any script, shell or agent.
import { writeFile } from 'node:fs/promises';
import { isCancel, password, select, spinner } from '@clack/prompts';
import {
  bearerAuth,
  CredentialRejectedError,
  fromEnv,
  isJiraAuthError,
  RefreshFailedError,
  TokenStoreError,
} from '@jira-auth/core';
import { Command, Option } from 'commander';
import { api } from './api.js';
import {
  ConfigError,
  type Endpoints,
  type Profile,
  readProfiles,
  selectProfile,
  writeProfiles,
} from './config.js';
import { getJson, myself, oauthKey, oauthStore, strategyFor } from './jira.js';
import { dataCenterOAuthLogin, LoginError, oauthLogin } from './oauth-login.js';

/** Exit codes scripts can tell apart. */
const EXIT = { ok: 0, failed: 1, notConfigured: 2, rejected: 3, unreachable: 4 } as const;

class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);

/** A spinner on a terminal; nothing when the output is read by a program. */
async function step<T>(message: string, work: () => Promise<T>): Promise<T> {
  if (!interactive) return work();
  const spin = spinner();
  spin.start(message);
  try {
    const result = await work();
    spin.stop(message);
    return result;
  } catch (error) {
    spin.stop(`${message}: failed`);
    throw error;
  }
}

/** A secret from a prompt that does not echo it, or from standard input: never from an argument. */
async function readSecret(label: string): Promise<string> {
  if (process.stdin.isTTY) {
    const value = await password({ message: label });
    if (isCancel(value)) throw new Failure('cancelled', EXIT.failed);
    return value;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!value) throw new Failure(`${label}: nothing on standard input`, EXIT.failed);
  return value;
}

/** For the emulator and proxies: where Atlassian's gateway and auth server are. */
function endpointsFromEnv(): Endpoints | undefined {
  const { JIRA_AUTH_API_URL: api, JIRA_AUTH_AUTH_URL: auth } = process.env;
  return api && auth ? { api, auth } : undefined;
}

async function save(name: string, profile: Profile): Promise<void> {
  const profiles = await readProfiles();
  profiles.profiles[name] = profile;
  profiles.default ??= name;
  await writeProfiles(profiles);
}

const who = (account: { displayName?: string; emailAddress?: string; name?: string } | undefined) =>
  `${account?.displayName ?? account?.name ?? 'unknown'}${account?.emailAddress ? ` <${account.emailAddress}>` : ''}`;

const DEFAULT_SCOPES = 'read:jira-user read:jira-work write:jira-work';

/** A repeatable option (`-f a=1 -f b=2`), one value each time, so the path after it stays the path. */
const collect = (value: string, previous: string[]) => [...previous, value];

/** Shows the consent URL, with what to do if the app does not list the redirect; opens a browser on a desktop. */
const showConsent = (options: { browser: boolean }) => async (url: URL) => {
  const redirect = url.searchParams.get('redirect_uri');
  console.error(`Open this URL to authorise jira-auth:\n  ${url.href}`);
  console.error(
    `If the page says the redirect URI is not allowed, add ${redirect} to the app's callback URLs.`,
  );
  if (interactive && options.browser) {
    await import('open').then(({ default: open }) => open(url.href)).catch(() => undefined);
  }
};

/**
 * An option's value never goes into an error: `--api-token=VALUE` (a flag given a value) would otherwise be echoed
 * back by "unknown option", into the terminal and CI logs.
 */
const withoutOptionValues = (text: string) =>
  text.replace(/(--?[A-Za-z][\w-]*)=\S*?(?=['"]?(?:\s|$))/g, '$1=…');

const program = new Command('jira-auth')
  .description('Log in to Jira once; then every script, shell and agent can call it.')
  .configureOutput({
    // Subcommands made after this inherit it.
    outputError: (text, write) => write(withoutOptionValues(text)),
  })
  .showHelpAfterError();

program
  .command('login')
  .description('verify credentials and store them under a profile (the first one becomes the default)')
  .addOption(
    new Option('--api-token', 'Jira Cloud: an email and an API token (classic or scoped)').conflicts(
      'dataCenter',
    ),
  )
  .addOption(new Option('--data-center', 'Jira Data Center: a personal access token'))
  .option('--site <url>', 'the Cloud site, e.g. https://your-site.atlassian.net')
  .option('--email <email>', 'the Atlassian account email')
  .option('--base-url <url>', 'the Data Center base URL, with its context path')
  .option(
    '--client-id <id>',
    'OAuth 2.0 (3LO): the Client ID of your app (the secret is asked for, or read from stdin)',
  )
  .option(
    '--scopes <scopes>',
    'OAuth 2.0: the scopes to ask for',
    'read:jira-user read:jira-work write:jira-work',
  )
  .option(
    '--port <port>',
    'OAuth 2.0: the loopback port; list http://localhost:<port>/callback in the app',
    '0',
  )
  .option('--no-browser', 'OAuth 2.0: print the consent URL without opening a browser')
  .addOption(
    new Option('--timeout <seconds>', 'OAuth 2.0: how long to wait for the consent')
      .default('300')
      .hideHelp(),
  )
  .option('--profile <name>', 'the profile to store them under', 'default')
  .action(async (options) => {
    if (options.clientId && !options.dataCenter) {
      const clientSecret = await readSecret('OAuth client secret');
      const endpoints = endpointsFromEnv();
      const { tokens, site } = await oauthLogin({
        clientId: options.clientId,
        clientSecret,
        scopes: String(options.scopes)
          .split(/[\s,]+/)
          .filter(Boolean),
        port: Number(options.port),
        timeoutMs: Number(options.timeout) * 1000,
        ...(endpoints ? { endpoints } : {}),
        ...(options.site ? { site: options.site } : {}),
        show: showConsent(options),
        async pick(sites) {
          if (!interactive) {
            throw new Failure(
              `the grant covers several sites (${sites.map((site) => site.url).join(', ')}): pass --site`,
              EXIT.failed,
            );
          }
          const chosen = await select({
            message: 'Which site?',
            options: sites.map((site) => ({ value: site, label: site.url })),
          });
          if (isCancel(chosen)) throw new Failure('cancelled', EXIT.failed);
          return chosen;
        },
      });
      // The token set belongs to an Atlassian account, whose id is part of the store key: ask Jira whose it is.
      const probe = {
        method: 'oauth',
        site: site.url,
        clientId: options.clientId,
        clientSecret,
        account: '',
        cloudId: site.id,
        ...(endpoints ? { endpoints } : {}),
      } as const;
      const strategy = strategyFor({ ...probe, account: 'login' });
      const store = oauthStore();
      await store.set(oauthKey({ ...probe, account: 'login' }), tokens);
      const result = await step('Verifying the token', () => myself(strategy, false)).finally(() =>
        store.delete(oauthKey({ ...probe, account: 'login' })),
      );
      const account = result.account?.accountId;
      if (result.status !== 200 || !account) {
        throw new Failure(`Jira answered ${result.status} to the new access token`, EXIT.rejected);
      }
      const profile: Profile = { ...probe, account };
      await store.set(oauthKey(profile), tokens);
      await save(options.profile, profile);
      console.log(
        `Logged in as ${who(result.account)} to ${site.url} with OAuth 2.0 (profile ${options.profile}).`,
      );
      return;
    }
    if (options.apiToken) {
      if (!options.site || !options.email)
        throw new Failure('--api-token needs --site and --email', EXIT.failed);
      const apiToken = await readSecret('API token');
      const endpoints = endpointsFromEnv();
      const base = {
        method: 'api-token',
        site: options.site,
        email: options.email,
        apiToken,
        ...(endpoints ? { endpoints } : {}),
      } as const;
      // Nothing in a token says whether it is scoped: the site takes classic tokens, only the gateway scoped ones.
      const classic = await step('Trying the token on the site', () =>
        myself(strategyFor({ ...base, scoped: false }), false),
      );
      let scoped = false;
      let result = classic;
      if (classic.status === 401) {
        result = await step('Trying it through the gateway', () =>
          myself(strategyFor({ ...base, scoped: true }), false),
        );
        scoped = true;
      }
      if (result.status !== 200) {
        throw new Failure(
          `Jira answered ${result.status} to the API token, as a classic and as a scoped token: check the email and the token`,
          EXIT.rejected,
        );
      }
      await save(options.profile, { ...base, scoped });
      console.log(
        `Logged in as ${who(result.account)} with a ${scoped ? 'scoped' : 'classic'} API token (profile ${options.profile}).`,
      );
      return;
    }
    if (options.dataCenter && options.clientId) {
      // Data Center OAuth 2.0 (an incoming link on the instance), with PKCE.
      if (!options.baseUrl) throw new Failure('--data-center needs --base-url', EXIT.failed);
      const clientSecret = await readSecret('OAuth client secret');
      const { tokens, redirectUri } = await dataCenterOAuthLogin({
        baseUrl: options.baseUrl,
        clientId: options.clientId,
        clientSecret,
        scopes: String(options.scopes === DEFAULT_SCOPES ? 'READ WRITE' : options.scopes)
          .split(/[\s,]+/)
          .filter(Boolean),
        port: Number(options.port),
        timeoutMs: Number(options.timeout) * 1000,
        show: showConsent(options),
      });
      const bearer = bearerAuth({ baseUrl: options.baseUrl, token: tokens.accessToken });
      const result = await step('Verifying the token', () => myself(bearer, true));
      const account = result.account?.name ?? result.account?.accountId;
      if (result.status !== 200 || !account) {
        throw new Failure(`Jira answered ${result.status} to the new access token`, EXIT.rejected);
      }
      const profile: Profile = {
        method: 'dc-oauth',
        baseUrl: options.baseUrl,
        clientId: options.clientId,
        clientSecret,
        redirectUri,
        account,
      };
      await oauthStore().set(oauthKey(profile), tokens);
      await save(options.profile, profile);
      console.log(
        `Logged in as ${who(result.account)} with Data Center OAuth 2.0 (profile ${options.profile}).`,
      );
      return;
    }
    if (options.dataCenter) {
      if (!options.baseUrl) throw new Failure('--data-center needs --base-url', EXIT.failed);
      const token = await readSecret('Personal access token');
      const profile: Profile = { method: 'pat', baseUrl: options.baseUrl, token };
      const result = await step('Verifying the token', () => myself(strategyFor(profile), true));
      if (result.status !== 200)
        throw new Failure(
          `Jira answered ${result.status} to the personal access token: check it, and that it has not expired`,
          EXIT.rejected,
        );
      await save(options.profile, profile);
      console.log(
        `Logged in as ${who(result.account)} with a personal access token (profile ${options.profile}).`,
      );
      return;
    }
    throw new Failure(
      'say how: --client-id <id> (Jira Cloud OAuth 2.0), --api-token (Jira Cloud) or --data-center (a personal access token)',
      EXIT.failed,
    );
  });

program
  .command('status')
  .alias('whoami')
  .description('verify the stored credentials and say who they belong to')
  .option('--profile <name>', 'a profile other than the default')
  .option('--json', 'print JSON for scripts')
  .action(async (options) => {
    const subject = await statusSubject(options.profile);
    const result = await step('Contacting Jira', () => myself(subject.strategy, subject.dataCenter));
    if (result.status === 401 || result.status === 403) {
      throw new Failure(
        `Jira answered ${result.status}: the credentials of ${subject.profile ? `profile ${subject.name}` : 'the JIRA_* environment'} are rejected; log in again`,
        EXIT.rejected,
      );
    }
    if (result.status !== 200) throw new Failure(`Jira answered ${result.status} to /myself`, EXIT.failed);
    const stored = await storedTokens(subject.profile);
    const report = {
      profile: subject.name,
      method: subject.method,
      site: subject.site,
      baseUrl: result.baseUrl,
      account: {
        id: result.account?.accountId ?? result.account?.name ?? null,
        displayName: result.account?.displayName ?? null,
        email: result.account?.emailAddress ?? null,
      },
      expiresAt: stored ? new Date(stored.expiresAt).toISOString() : null,
      scopes: stored ? stored.scope : null,
    };
    if (options.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    const lines = [
      who(result.account),
      `  profile ${report.profile}, ${report.method}`,
      `  site    ${report.site}`,
      `  calls   ${report.baseUrl}`,
      ...(report.expiresAt ? [`  expires ${report.expiresAt} (renewed when needed)`] : []),
      ...(report.scopes ? [`  scopes  ${report.scopes.join(' ')}`] : []),
    ];
    console.log(lines.join('\n'));
  });

/** The OAuth token set a profile keeps in the file store; undefined for the other methods. */
async function storedTokens(profile: Profile | undefined) {
  return profile && 'clientSecret' in profile ? oauthStore().get(oauthKey(profile)) : undefined;
}

/**
 * What `status` verifies: a stored profile, or (when none is stored and none is named) the `JIRA_*` environment
 * that `fromEnv()` reads.
 */
async function statusSubject(name: string | undefined) {
  try {
    const { name: chosen, profile } = await selectProfile(name);
    const method = {
      pat: 'personal-access-token',
      'dc-oauth': 'oauth2 (Data Center)',
      oauth: 'oauth2 (3LO)',
      'api-token':
        profile.method === 'api-token' && profile.scoped ? 'api-token (scoped)' : 'api-token (classic)',
    }[profile.method];
    return {
      name: chosen,
      profile,
      method,
      site: 'site' in profile ? profile.site : profile.baseUrl,
      strategy: strategyFor(profile),
      dataCenter: profile.method === 'pat' || profile.method === 'dc-oauth',
    };
  } catch (error) {
    if (!(error instanceof ConfigError) || name !== undefined || !process.env.JIRA_BASE_URL) throw error;
    const pat = Boolean(process.env.JIRA_PAT);
    return {
      name: 'environment',
      profile: undefined,
      method: pat ? 'personal-access-token (JIRA_PAT)' : 'api-token (JIRA_API_TOKEN)',
      site: process.env.JIRA_BASE_URL,
      strategy: fromEnv(),
      dataCenter: pat,
    };
  }
}

program
  .command('header')
  .description('print the Authorization header value (a secret: for a pipe, not a log)')
  .option('--profile <name>', 'a profile other than the default')
  .action(async (options) => {
    const { profile } = await selectProfile(options.profile);
    console.log(await authorizationOf(profile));
  });

/** The Authorization header value for a profile; OAuth tokens are renewed first when about to expire. */
async function authorizationOf(profile: Profile): Promise<string> {
  const strategy = strategyFor(profile);
  const { authorization } = await strategy.authenticate({ url: await strategy.baseUrl(), method: 'GET' });
  return String(authorization);
}

program
  .command('token')
  .description('print the bearer token (a secret: for a pipe, not a log)')
  .option('--profile <name>', 'a profile other than the default')
  .action(async (options) => {
    const { profile } = await selectProfile(options.profile);
    if (profile.method === 'api-token') {
      throw new Failure(
        'API tokens authenticate as Basic (email:token), not as a bearer token: use `jira-auth header`',
        EXIT.failed,
      );
    }
    // OAuth: renewed first when it is about to expire, the rotated pair saved before it is printed.
    console.log((await authorizationOf(profile)).replace(/^Bearer /, ''));
  });

program
  .command('api <path>')
  .description('an authenticated request to a Jira REST path; the JSON answer on stdout')
  .option('-X, --method <method>', 'the HTTP method (default GET, or POST with a body)')
  .option(
    '-f, --field <key=value>',
    'a field of a JSON body (numbers, true, false and null as JSON); repeatable',
    collect,
    [],
  )
  .option('--input <file>', 'a JSON file for the body, or - for standard input')
  .option(
    '-F, --form <key=value>',
    'a multipart field: key=value, or key=@path for a file (uploads); repeatable',
    collect,
    [],
  )
  .option(
    '--paginate',
    "follow Jira's pagination (startAt, nextPageToken) and print every page's items as one list",
  )
  .option('--profile <name>', 'a profile other than the default')
  .addHelpText(
    'after',
    '\nExit code: 0 for a 2xx answer; otherwise the HTTP status minus 300 (401 -> 101, 404 -> 104, 503 -> 203).',
  )
  .action(async (path: string, options) => {
    const { profile } = await selectProfile(options.profile);
    const result = await api(strategyFor(profile), path, options);
    console.log(typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2));
    if (result.status >= 300) {
      console.error(`jira-auth: HTTP ${result.status}${result.reason ? `: ${result.reason}` : ''}`);
      process.exitCode = result.status >= 400 && result.status <= 555 ? result.status - 300 : EXIT.failed;
    }
  });

program
  .command('init')
  .description(
    "verify the credentials and write the site's non-secret facts to .jira-auth.json, for version control",
  )
  .option('--profile <name>', 'a profile other than the default')
  .option('--force', 'replace an existing .jira-auth.json')
  .action(async (options) => {
    const subject = await statusSubject(options.profile);
    const result = await step('Contacting Jira', () => myself(subject.strategy, subject.dataCenter));
    if (result.status !== 200) {
      throw new Failure(
        `Jira answered ${result.status} to /myself: log in again`,
        result.status === 401 ? EXIT.rejected : EXIT.failed,
      );
    }
    const info = ((
      await getJson(
        subject.strategy,
        subject.dataCenter ? '/rest/api/2/serverInfo' : '/rest/api/3/serverInfo',
      )
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
    const text = `${JSON.stringify(facts, null, 2)}\n`;
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
    ].filter((value): value is string => typeof value === 'string' && value !== '');
    if (secrets.some((secret) => text.includes(secret))) {
      throw new Failure('refused to write .jira-auth.json: it would hold a secret', EXIT.failed);
    }
    try {
      await writeFile('.jira-auth.json', text, { flag: options.force ? 'w' : 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Failure('.jira-auth.json exists already: pass --force to replace it', EXIT.failed);
      }
      throw error;
    }
    console.log(
      `Wrote .jira-auth.json for ${facts.site} (${facts.deploymentType ?? 'unknown deployment'}): commit it; it holds no secret.`,
    );
  });

program
  .command('demo')
  .description('start the bundled emulator and run every command against it, each login method included')
  .action(async () => {
    const { demo } = await import('./demo.js');
    process.exitCode = await demo();
  });

program
  .command('logout')
  .description('delete a stored profile and its credentials')
  .option('--profile <name>', 'a profile other than the default')
  .action(async (options) => {
    const { name } = await selectProfile(options.profile);
    const profiles = await readProfiles();
    const profile = profiles.profiles[name];
    if (profile && 'clientSecret' in profile) await oauthStore().delete(oauthKey(profile));
    delete profiles.profiles[name];
    if (profiles.default === name) delete profiles.default;
    await writeProfiles(profiles);
    console.log(`Logged out of profile ${name}.`);
    if (profile?.method === 'oauth') {
      console.log('The grant itself stays until you revoke it: https://id.atlassian.com/manage-profile/apps');
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  const [message, code] =
    error instanceof Failure
      ? [error.message, error.exitCode]
      : error instanceof LoginError
        ? [error.message, EXIT.failed]
        : TokenStoreError.isInstance(error)
          ? [error.message, EXIT.notConfigured]
          : error instanceof ConfigError
            ? [error.message, EXIT.notConfigured]
            : CredentialRejectedError.isInstance(error) ||
                (RefreshFailedError.isInstance(error) && error.reauthorize)
              ? [`${error.message} (run \`jira-auth login\` again)`, EXIT.rejected]
              : isJiraAuthError(error)
                ? [error.message, EXIT.failed]
                : error instanceof TypeError && /fetch failed/.test(error.message)
                  ? [
                      `could not reach Jira (${String((error.cause as Error | undefined)?.message ?? error.message)})`,
                      EXIT.unreachable,
                    ]
                  : [(error as Error).message, EXIT.failed];
  console.error(`jira-auth: ${message}`);
  process.exitCode = code;
}
