// `jira-auth types`: TypeScript declarations of the site's custom fields, from the committed jira-site.json (no
// network: it runs in CI and in a build as it is).
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { fieldTypes } from '../site/types.js';
import { readSiteFile, SITE_FILE } from './init.js';

export function registerTypes(program: Command): void {
  program
    .command('types')
    .description(`write TypeScript types of the site's custom fields from ${SITE_FILE}, for the typed client`)
    .option('--site <file>', `the site file`, SITE_FILE)
    .option('--out <file>', 'where to write them', 'jira-fields.ts')
    .option('--check', `write nothing: exit ${EXIT.drift} when the file differs from what would be written`)
    .action(async (options: { site: string; out: string; check?: boolean }) => {
      const text = fieldTypes(await readSiteFile(options.site));
      if (options.check) {
        const current = await readFile(options.out, 'utf8').catch(() => undefined);
        if (current === text) console.log(`${options.out} is up to date with ${options.site}.`);
        else {
          console.log(`${options.out} differs from ${options.site}: run \`jira-auth types\` and commit it.`);
          process.exitCode = EXIT.drift;
        }
        return;
      }
      await writeFile(options.out, text);
      const count = (text.match(/^ {2}customfield_/gm) ?? []).length;
      console.log(`Wrote ${options.out}: the types of ${count} custom fields.`);
    });
}
