import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./fixtures/oauth-worker.mjs', import.meta.url));

describe('refresh across processes (file store)', () => {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());

  it('four processes meeting one expired token make exactly one refresh, and all of them get the rotated pair', async () => {
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
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => run(process.execPath, [worker, config])),
    );
    for (const { stdout, stderr } of outputs)
      expect(stdout, stderr).toBe(JSON.stringify(Array(25).fill(200)));
    expect(emulator.requests({ host: 'auth', path: '/oauth/token' })).toHaveLength(1);
    const stored = await fileStore(storePath).get(key);
    expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
    expect(
      new Set(emulator.requests({ path: '/myself' }).map((entry) => entry.headers.authorization)),
    ).toEqual(new Set([`Bearer ${stored?.accessToken}`]));
  });
});
