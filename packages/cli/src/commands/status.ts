// `jira-auth status` (and `whoami`): verify the stored credentials and say whose they are.

import type { AuthStrategy } from '@jira-auth/core';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { getJson, myself } from '../jira.js';
import { Failure, step, storedIn, who } from '../terminal.js';
import { storedTokens, subjectOf } from './subject.js';

/** Where Atlassian accounts make API tokens. */
const TOKENS_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const WARN_DAYS = 14;

/** The soonest expiry day among the account's personal access tokens; undefined when none expires or Jira says not. */
async function patExpiresOn(strategy: AuthStrategy): Promise<string | undefined> {
  const { body } = await getJson(strategy, '/rest/pat/latest/tokens').catch(() => ({ body: undefined }));
  if (!Array.isArray(body)) return undefined;
  const days = body
    .map((token: { expiringAt?: unknown }) => token.expiringAt)
    .filter((value): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    .map((value) => new Date(value).toISOString().slice(0, 10))
    .sort();
  return days[0];
}

/** Whole days from today (UTC) to a `YYYY-MM-DD` day: 0 today, negative once past. */
function daysUntil(day: string, now = Date.now()): number {
  const today = Date.UTC(
    new Date(now).getUTCFullYear(),
    new Date(now).getUTCMonth(),
    new Date(now).getUTCDate(),
  );
  return Math.round((Date.parse(`${day}T00:00:00Z`) - today) / 86_400_000);
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .alias('whoami')
    .description('verify the stored credentials and say who they belong to')
    .option('--profile <name>', 'a profile other than the default')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `\nExit codes: ${EXIT.ok} verified, ${EXIT.notConfigured} not logged in (or a corrupt profiles file), ${EXIT.rejected} credentials rejected (log in again), ${EXIT.unreachable} Jira unreachable, ${EXIT.failed} anything else.`,
    )
    .action(async (options: { profile?: string; json?: boolean }) => {
      const subject = await subjectOf(options.profile);
      let expiresOn = subject.profile?.method === 'api-token' ? subject.profile.expiresOn : undefined;
      const result = await step('Contacting Jira', () => myself(subject.strategy, subject.dataCenter));
      if (result.status === 401 || result.status === 403) {
        const expired = expiresOn !== undefined && daysUntil(expiresOn) < 0;
        throw new Failure(
          `Jira answered ${result.status}: the credentials of ${subject.profile ? `profile ${subject.name}` : 'the JIRA_* environment'} are rejected; ${expired ? `the API token expired on ${expiresOn}: make a new one at ${TOKENS_PAGE} and ` : ''}log in again`,
          EXIT.rejected,
        );
      }
      if (result.status !== 200) throw new Failure(`Jira answered ${result.status} to /myself`, EXIT.failed);
      const stored = await storedTokens(subject.profile);
      // Data Center lists the account's personal access tokens with their expiry (never their values): with one,
      // it is this one; with several, the soonest is the one to watch.
      const patExpiry = subject.method.startsWith('personal-access-token')
        ? await patExpiresOn(subject.strategy)
        : undefined;
      expiresOn ??= patExpiry;
      const report = {
        profile: subject.name,
        method: subject.method,
        site: subject.site,
        /** Where the secret is: `keyring`, `file` (plain text), `command` (run each time) or `environment`. */
        secretStorage: subject.storage,
        baseUrl: result.baseUrl,
        account: {
          id: result.account?.accountId ?? result.account?.name ?? null,
          displayName: result.account?.displayName ?? null,
          email: result.account?.emailAddress ?? null,
        },
        expiresAt: stored ? new Date(stored.expiresAt).toISOString() : null,
        tokenExpiresOn: expiresOn ?? null,
        scopes: stored ? stored.scope : null,
      };
      // Two weeks ahead: enough to make a new token before scripts start failing.
      const left = expiresOn === undefined ? undefined : daysUntil(expiresOn);
      if (left !== undefined && left < WARN_DAYS) {
        console.error(
          `jira-auth: the ${patExpiry ? 'personal access token' : 'API token'} of ${subject.profile ? `profile ${subject.name}` : 'the JIRA_* environment'} expires on ${expiresOn} (${left === 0 ? 'today' : `in ${left} ${left === 1 ? 'day' : 'days'}`}): ${patExpiry ? 'make a new one in Jira (Profile, Personal Access Tokens), then `jira-auth login --data-center`' : `make a new one at ${TOKENS_PAGE}, then \`jira-auth login --api-token --expires YYYY-MM-DD\``}`,
        );
      }
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      const lines = [
        who(result.account),
        `  profile ${report.profile}, ${report.method}`,
        `  site    ${report.site}`,
        `  calls   ${report.baseUrl}`,
        `  secret  ${report.secretStorage === 'environment' ? 'environment' : storedIn(report.secretStorage)}`,
        ...(report.expiresAt ? [`  expires ${report.expiresAt} (renewed when needed)`] : []),
        ...(expiresOn ? [`  token   expires on ${expiresOn}`] : []),
        ...(report.scopes ? [`  scopes  ${report.scopes.join(' ')}`] : []),
      ];
      console.log(lines.join('\n'));
    });
}
