// Redis stopped and restarted under a running strategy: while it is down, a request that needs the store fails
// with a TokenStoreError in bounded time (no hang); once it is back, requests recover with no token lost.
import { withJiraAuth } from '@jira-auth/axios';
import { type RedisServer, startRedis } from '@jira-auth/conformance/redis';
import { oauth2, tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';

const emulator = new Emulator();
let server: RedisServer;
beforeAll(async () => {
  await emulator.start();
  // This instance keeps what it is told (append-only file, synced on every write) in its own temporary folder.
  server = await startRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
});
afterAll(async () => {
  await emulator.close();
  await server?.stop();
});

it('down: a typed error within the command timeout; back up: recovered, the rotated pair intact', async () => {
  const app = DEFAULT_OAUTH_CLIENT;
  const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
  const client = new Redis(server.url, { maxRetriesPerRequest: null });
  // ioredis reports each failed reconnection while Redis is down: expected here.
  client.on('error', () => undefined);
  const store = redisStore({ client, commandTimeoutMs: 1_000, waitTimeoutMs: 2_000 });
  await store.set(key, emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']));
  const jira = axios.create();
  withJiraAuth(
    jira,
    oauth2({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
      store,
      now: () => emulator.now(),
    }),
  );
  try {
    expect((await jira.get('/rest/api/3/myself')).status).toBe(200);

    await server.halt();
    emulator.advanceClock(3600 + 60);
    const started = Date.now();
    const failure = await jira.get('/rest/api/3/myself').catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failure).toMatchObject({ name: 'TokenStoreError', code: 'JIRA_AUTH_TOKEN_STORE' });
    expect((failure as Error).message).toMatch(
      /could not take the refresh lock: no answer within 1000 ms.*Check that Redis is reachable/,
    );

    await server.restart();
    // Recovered within a few requests: the lock attempt given up on while Redis was down, run by the client once it
    // reconnected, must not hold every process off for the lock's 30 s TTL.
    let status = 0;
    for (let attempt = 0; attempt < 5 && status !== 200; attempt++) {
      status = await jira.get('/rest/api/3/myself').then(
        (response) => response.status,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return 0;
        },
      );
    }
    expect(status).toBe(200);
    const stored = await store.get(key);
    expect(stored?.refreshToken).toBeDefined();
    expect(emulator.requests({ host: 'auth' }).filter((entry) => entry.status !== 200)).toEqual([]);
  } finally {
    client.disconnect();
  }
});
