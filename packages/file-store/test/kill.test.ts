// Killed mid-refresh: worker processes renewing on one file store are killed with SIGKILL at random points, 200
// times, each followed at once by a fresh process (well within Atlassian's 10-minute reuse interval). Every token
// family must go on: no invalid_grant ever, no revoked family, and a last process that renews and calls Jira.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());

const worker = fileURLToPath(new URL('./fixtures/refresh-loop.mjs', import.meta.url));
const FAMILIES = 8;
const KILLS_PER_FAMILY = 25;

/** Starts a worker, with a way to wait until it says a line. */
function start(config: object) {
  const child = spawn(process.execPath, [worker, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    errors += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Resolves once the worker has said `line` (true), or has exited without saying it (false). */
  const reached = (line: string) =>
    new Promise<boolean>((resolve) => {
      const check = setInterval(() => {
        if (output.includes(`${line}\n`)) {
          clearInterval(check);
          resolve(true);
        }
      }, 1);
      void exited.then(() => {
        clearInterval(check);
        resolve(output.includes(`${line}\n`));
      });
    });
  return { child, reached, exited, output: () => output, errors: () => errors };
}

/** Where in a renewal a kill is aimed: after the worker says this line, and a random 0 to 10 ms more. */
const POINTS = ['ready', 'locked', 'saving', 'saved'] as const;
const killedAt: Record<string, number> = {};

async function family(index: number): Promise<{ renewals: number; storePath: string }> {
  const app = DEFAULT_OAUTH_CLIENT;
  const storePath = join(await mkdtemp(join(tmpdir(), `jira-auth-kill-${index}-`)), 'tokens.json');
  const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
  await fileStore(storePath).set(
    key,
    emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']),
  );
  const config = {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    gateway: emulator.urls.gateway,
    storePath,
  };
  let renewals = 0;
  for (let kill = 0; kill < KILLS_PER_FAMILY; kill++) {
    const running = start(config);
    const point = POINTS[Math.floor(Math.random() * POINTS.length)] as string;
    if (!(await running.reached(point))) throw new Error(`family ${index}: ${running.errors()}`);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    running.child.kill('SIGKILL');
    killedAt[point] = (killedAt[point] ?? 0) + 1;
    await running.exited;
    if (running.errors()) throw new Error(`family ${index}, worker ${kill}: ${running.errors()}`);
    renewals += (running.output().match(/^renewed /gm) ?? []).length;
  }
  // The one that is not killed: it must go on from whatever the killed ones left.
  const last = start({ ...config, rounds: 3 });
  const code = await last.exited;
  expect(last.errors(), `family ${index}`).toBe('');
  expect(code, `family ${index}`).toBe(0);
  expect(last.output()).toContain('renewed 2');
  return { renewals: renewals + 3, storePath };
}

it(`${FAMILIES * KILLS_PER_FAMILY} workers killed mid-refresh: every token family goes on`, {
  timeout: 300_000,
}, async () => {
  const results = await Promise.all(Array.from({ length: FAMILIES }, (_, index) => family(index)));
  const answers = emulator.requests({ host: 'auth', path: '/oauth/token' });
  // The kills landed at every point of a renewal, including between the token endpoint's answer and its save.
  for (const point of POINTS) expect(killedAt[point], point).toBeGreaterThan(10);
  expect(answers.length).toBeGreaterThan(results.reduce((sum, result) => sum + result.renewals, 0));
  expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.status)).toEqual([]);
  for (const { storePath } of results) {
    const stored = await fileStore(storePath).get(
      tokenKey('atlassian', DEFAULT_OAUTH_CLIENT.clientId, DEFAULT_CLOUD_USER.accountId),
    );
    expect(stored?.refreshToken).toBeDefined();
  }
});
