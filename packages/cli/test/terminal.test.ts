// `jira-auth login --api-token` in a real terminal (tmux): a prompt that does not echo the token, the steps shown
// while it contacts the site, and the result. The screen is read as a person would see it.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { terminal } from './tmux.js';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const { start, waitFor, screen, type, press, stop } = terminal('jira-auth-test');
const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(async () => {
  await stop();
  await emulator.close();
});
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
  await start([command]);
  await waitFor('API token');
  const token = DEFAULT_CLOUD_USER.classicToken as string;
  await type(token);
  const typed = await screen();
  expect(typed).not.toContain(token);
  expect(typed).not.toContain(token.slice(0, 8));
  await press('Enter');
  const done = await waitFor('Logged in as Ada Lovelace');
  expect(done).toContain('Trying the token on the site');
  expect(done).toContain('with a classic API token (profile default;');
  expect(done).not.toContain(token);
});
