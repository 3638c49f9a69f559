import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';

/** What a worker printed, once it exits. */
async function finished(child: ChildProcess): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  await new Promise((resolve) => child.on('close', resolve));
  return { stdout, stderr };
}
const worker = fileURLToPath(new URL('./fixtures/oauth-worker.mjs', import.meta.url));

describe('refresh across processes (file store)', () => {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());

  it('four processes meeting one expired token make exactly one refresh, all of them get the rotated pair, and their events count one token request', async () => {
    const app = DEFAULT_OAUTH_CLIENT;
    const tokens = emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']);
    const cloudId = emulator.cloudId;
    const storePath = join(await mkdtemp(join(tmpdir(), 'jira-auth-xproc-')), 'tokens.json');
    const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
    await fileStore(storePath).set(key, tokens);
    emulator.advanceClock(3600);
    emulator.reset();

    const config = JSON.stringify({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      cloudId,
      storePath,
      endpoints: emulator.endpoints,
      clockOffset: emulator.now() - Date.now(),
      requests: 25,
    });
    // A barrier: the first process to hold the lock keeps it until all four are asking for it, so the four overlap
    // in the refresh whatever the machine's speed.
    const workers = Array.from({ length: 4 }, () => fork(worker, [config], { silent: true }));
    let locking = 0;
    let holding = 0;
    let holdersAtRelease: number | undefined;
    for (const child of workers)
      child.on('message', (message) => {
        if (message === 'locking') locking++;
        if (message === 'holding') holding++;
        if (locking === 4 && holding >= 1 && holdersAtRelease === undefined) {
          holdersAtRelease = holding;
          for (const each of workers) each.send('release');
        }
      });
    const outputs = await Promise.all(workers.map(finished));
    expect(locking).toBe(4);
    expect(holdersAtRelease).toBe(1);
    const results = outputs.map(({ stdout, stderr }) => {
      expect(stdout, stderr).toMatch(/^\{/);
      return JSON.parse(stdout) as { statuses: number[]; renewals: { made: number; adopted: number } };
    });
    for (const { statuses } of results) expect(statuses).toEqual(Array(25).fill(200));
    expect(emulator.requests({ host: 'auth', path: '/oauth/token' })).toHaveLength(1);
    // The events count the token requests exactly: the one process that made it says so, the others adopted.
    const made = results.reduce((sum, { renewals }) => sum + renewals.made, 0);
    expect(made).toBe(1);
    expect(results.map(({ renewals }) => renewals.made + renewals.adopted)).toEqual([1, 1, 1, 1]);
    const stored = await fileStore(storePath).get(key);
    expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
    expect(
      new Set(emulator.requests({ path: '/myself' }).map((entry) => entry.headers.authorization)),
    ).toEqual(new Set([`Bearer ${stored?.accessToken}`]));
  });
});
