// `jira-auth init`: verify, and write the site's non-secret facts to .jira-auth.json for version control.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { getJson, myself } from '../jira.js';
import { Failure, step } from '../terminal.js';
import { storedTokens, subjectOf } from './subject.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      "verify the credentials and write the site's non-secret facts to .jira-auth.json, for version control",
    )
    .option('--profile <name>', 'a profile other than the default')
    .option('--force', 'replace an existing .jira-auth.json')
    .action(async (options: { profile?: string; force?: boolean }) => {
      const subject = await subjectOf(options.profile);
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
}
