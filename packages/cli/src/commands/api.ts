// `jira-auth api <path>`: one authenticated request, its JSON answer on stdout.
import type { Command } from 'commander';
import { type ApiOptions, api } from '../api.js';
import { EXIT } from '../exit-codes.js';
import { subjectOf } from './subject.js';

/** A repeatable option (`-f a=1 -f b=2`), one value each time, so the path after it stays the path. */
const collect = (value: string, previous: string[]) => [...previous, value];

export function registerApi(program: Command): void {
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
    .action(async (path: string, options: ApiOptions & { profile?: string }) => {
      // A stored profile, or (none stored) the `JIRA_*` environment, as `status` reads it.
      const { strategy } = await subjectOf(options.profile);
      const result = await api(strategy, path, options);
      console.log(typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2));
      if (result.status >= 300) {
        console.error(`jira-auth: HTTP ${result.status}${result.reason ? `: ${result.reason}` : ''}`);
        process.exitCode = result.status >= 400 && result.status <= 555 ? result.status - 300 : EXIT.failed;
      }
    });
}
