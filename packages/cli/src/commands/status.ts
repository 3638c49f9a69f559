// `jira-auth status` (and `whoami`): verify the stored credentials and say whose they are.
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { myself } from '../jira.js';
import { Failure, step, who } from '../terminal.js';
import { storedTokens, subjectOf } from './subject.js';

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
}
