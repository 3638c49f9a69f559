// The command's page on the site, checked against the command's own help: every command has its section, and every
// option a command's --help lists is named in that section, so neither can change without the other.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repo, 'packages/cli/dist/cli.mjs');
const page = await readFile(join(repo, 'docs/reference/cli.md'), 'utf8');
const help = async (...args: string[]) => (await run(process.execPath, [cli, ...args, '--help'])).stdout;

/** The commands `jira-auth --help` lists, but `help` itself. */
const commands = [...(await help()).matchAll(/^ {2}([a-z]+)[| ]/gm)]
  .map((match) => match[1] as string)
  .filter((name) => name !== 'help');

/** The text of the page's section for one command: from its heading to the next. */
const section = (command: string) =>
  page.split(/^## /m).find((part) => part.startsWith(`jira-auth ${command}\n`)) ?? '';

it('the help lists the commands the page has sections for', () => {
  expect(commands).toEqual([
    'login',
    'status',
    'header',
    'token',
    'api',
    'init',
    'types',
    'demo',
    'emulator',
    'use',
    'logout',
    'completion',
  ]);
  for (const command of commands) expect(section(command), command).not.toBe('');
});

it("every option of every command's help is named in its section", async () => {
  const missing: string[] = [];
  for (const command of commands) {
    const options = [...(await help(command)).matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)]
      .map((match) => match[1] as string)
      .filter((option) => option !== '--help');
    for (const option of options)
      if (!section(command).includes(`\`${option}`)) missing.push(`${command} ${option}`);
  }
  expect(missing).toEqual([]);
});

it("the exit codes on the page are the command's own", async () => {
  const status = await help('status');
  for (const code of ['0', '2', '3', '4']) expect(status).toContain(`${code} `);
  expect(page).toMatch(/\| 5 \| `init --check` or `types --check` found drift \|/);
  expect(await help('init')).toContain('5 --check found drift');
});
