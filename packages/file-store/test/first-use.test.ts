// A service that starts under load with expired tokens on the file store: one token request, not one per request,
// and the given tokens never saved over the renewed pair. (It made 9 token requests for 10 requests, and 182 for
// 200, before the first read of the store was shared.)
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oauth2, tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());

it('10,000 concurrent first uses of expired tokens make one token request', async () => {
  const app = DEFAULT_OAUTH_CLIENT;
  const path = join(await mkdtemp(join(tmpdir(), 'jira-auth-first-use-')), 'tokens.json');
  const store = fileStore(path);
  const granted = emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']);
  const tokens = { ...granted, expiresAt: emulator.now() - 3600_000 };
  const strategy = oauth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
    store,
    tokens,
  });
  emulator.reset();
  const url = new URL(`${emulator.urls.gateway}/rest/api/3/myself`);
  const headers = await Promise.all(
    Array.from({ length: 10_000 }, () => strategy.authenticate({ url, method: 'GET' })),
  );
  expect(emulator.requests({ host: 'auth', path: '/oauth/token' })).toHaveLength(1);
  const stored = await store.get(tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId));
  expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
  expect(new Set(headers.map((header) => header.authorization))).toEqual(
    new Set([`Bearer ${stored?.accessToken}`]),
  );
});
