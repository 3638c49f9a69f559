// `jira-auth login --api-token` in a real terminal (tmux): a prompt that does not echo the token, the steps shown
// while it contacts the site, and the result. The screen is read as a person would see it.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const session = `jira-auth-test-${process.pid}`;
const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(async () => {
  await run('tmux', ['kill-session', '-t', session]).catch(() => undefined);
  await emulator.close();
});

const screen = async () => (await run('tmux', ['capture-pane', '-p', '-t', session])).stdout;
async function waitFor(text: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const shown = await screen();
    if (shown.includes(text)) return shown;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`"${text}" never appeared on the screen:\n${await screen()}`);
}
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

it('login --api-token at a terminal: a prompt with no echo, then who is logged in', async () => {
  const configDir = await mkdtemp(join(tmpdir(), 'jira-auth-tty-'));
  const command = [
    'env',
    `JIRA_AUTH_CONFIG_DIR=${quote(configDir)}`,
    'JIRA_AUTH_STORAGE=file',
    `JIRA_AUTH_TEST_API_URL=${quote(emulator.endpoints.api)}`,
    `JIRA_AUTH_TEST_AUTH_URL=${quote(emulator.endpoints.auth)}`,
    quote(process.execPath),
    quote(cli),
    'login --api-token --site',
    quote(emulator.urls.site),
    '--email',
    quote(DEFAULT_CLOUD_USER.email),
    // Keep the pane after the command ends, so the screen can be read.
    '; sleep 60',
  ].join(' ');
  await run('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', command]);
  await waitFor('API token');
  const token = DEFAULT_CLOUD_USER.classicToken as string;
  await run('tmux', ['send-keys', '-t', session, '-l', token]);
  const typed = await screen();
  expect(typed).not.toContain(token);
  expect(typed).not.toContain(token.slice(0, 8));
  await run('tmux', ['send-keys', '-t', session, 'Enter']);
  const done = await waitFor('Logged in as Ada Lovelace');
  expect(done).toContain('Trying the token on the site');
  expect(done).toContain('with a classic API token (profile default;');
  expect(done).not.toContain(token);
});
