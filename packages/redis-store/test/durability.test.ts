// What a token family survives on real redis-server processes: a save that Redis stalled on and ran late (the
// rollback that got families revoked), and a save that no replica acknowledged (which a failover could lose). The
// emulator revokes the whole family when a rotated-out refresh token is used after the reuse interval, as Atlassian
// does: every case asserts that no token request was refused.
import { withJiraAuth } from '@jira-auth/axios';
import {
  type RedisServer,
  type SentinelGroup,
  startRedis,
  startSentinelGroup,
} from '@jira-auth/conformance/redis';
import { oauth2, type TokenSet, type TokenStore, TokenStoreError, tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';

const emulator = new Emulator();
const clients: Redis[] = [];
beforeAll(() => emulator.start());
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await emulator.close();
});

const app = DEFAULT_OAUTH_CLIENT;
const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
const connect = (url: string) => {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
};
const refused = () => emulator.requests({ host: 'auth' }).filter((entry) => entry.status !== 200);
const refreshes = () =>
  emulator
    .requests({ host: 'auth', path: '/oauth/token' })
    .filter((entry) => JSON.parse(entry.body).grant_type === 'refresh_token');

/** One process of the fleet: axios with the jira-auth adapter, on the store given. */
function member(store: TokenStore) {
  const jira = axios.create({ validateStatus: () => true });
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
  return () =>
    jira.get('/rest/api/3/myself').then(
      (response) => response.status,
      (error: Error) => `${error.name}: ${error.message}`,
    );
}

describe('a save that Redis stalled on, and that ran once Redis resumed', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server?.stop());

  it('is never saved again over the rotation another process made since: the family lives on', async () => {
    emulator.reset();
    const seed = redisStore({ client: connect(server.url) });
    await seed.set(key, emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']));
    // Process A's store: its next save meets a Redis frozen for longer than the command timeout.
    const inner = redisStore({ client: connect(server.url), commandTimeoutMs: 300 });
    let stallNextSave = false;
    const stalling: TokenStore = {
      get: (k) => inner.get(k),
      delete: (k) => inner.delete(k),
      lock: (k, fn) => inner.lock?.(k, fn) as ReturnType<typeof fn>,
      set: async (k, tokens, condition) => {
        if (!stallNextSave) return inner.set(k, tokens, condition);
        stallNextSave = false;
        server.pause();
        setTimeout(() => server.resume(), 900);
        return inner.set(k, tokens, condition);
      },
    };
    const a = member(stalling);
    const b = member(redisStore({ client: connect(server.url) }));
    expect(await a()).toBe(200);

    // Expiry 1: A rotates r1 to r2; its save times out, and runs when Redis resumes.
    emulator.advanceClock(3600 + 60);
    stallNextSave = true;
    expect(String(await a())).toMatch(/TokenStoreError/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const afterA = (await seed.get(key)) as TokenSet;
    expect(refreshes()).toHaveLength(1);

    // Expiry 2: B rotates r2 to r3.
    emulator.advanceClock(3600 + 60);
    expect(await b()).toBe(200);
    const afterB = (await seed.get(key)) as TokenSet;
    expect(afterB.refreshToken).not.toBe(afterA.refreshToken);
    expect(refreshes()).toHaveLength(2);

    // A, idle past the reuse interval, comes back: it takes r3, and neither saves nor uses its r2.
    emulator.advanceClock(20 * 60);
    expect(await a()).toBe(200);
    expect((await seed.get(key))?.refreshToken).toBe(afterB.refreshToken);
    expect(refreshes()).toHaveLength(2);
    // And every later expiry goes on for both.
    for (const next of [a, b, a]) {
      emulator.advanceClock(3600 + 60);
      expect(await next()).toBe(200);
    }
    expect(refused()).toEqual([]);
  });
});

describe('a save no replica acknowledged', () => {
  let master: RedisServer;
  let replica: RedisServer;
  beforeAll(async () => {
    master = await startRedis();
    replica = await startRedis(['--replicaof', '127.0.0.1', String(master.port)]);
    const probe = connect(replica.url);
    for (let attempt = 0; !/master_link_status:up/.test(await probe.info('replication')); attempt++) {
      if (attempt > 400) throw new Error('the replica did not connect to its master');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  afterAll(async () => {
    replica?.resume();
    await replica?.stop();
    await master?.stop();
  });

  const tokens = (name: string): TokenSet => ({
    accessToken: `access-${name}`,
    refreshToken: `refresh-${name}`,
    expiresAt: 1_900_000_000_000,
    scope: ['read:jira-user'],
    tokenType: 'Bearer',
  });

  it('with replicas: 1, is an error (not superseded) that says so; saved again once the replica answers', async () => {
    const store = redisStore({ client: connect(master.url), replicas: 1, replicaTimeoutMs: 300 });
    await store.set('wait', tokens('r1'));
    replica.pause();
    try {
      const error = await store
        .set('wait', tokens('r2'), { replaces: tokens('r1') })
        .catch((e: unknown) => e);
      expect(TokenStoreError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ superseded: false });
      expect((error as Error).message).toMatch(/0 of 1 replicas acknowledged it within 300 ms/);
    } finally {
      replica.resume();
    }
    // The token source saves it again (the master holds it already: saving it again is allowed), now acknowledged.
    await store.set('wait', tokens('r2'), { replaces: tokens('r1') });
    expect(await redisStore({ client: connect(replica.url), replicas: 0 }).get('wait')).toEqual(tokens('r2'));
  });

  it('with a plain client, waits for no replica unless told: the save resolves while the replica is frozen', async () => {
    const store = redisStore({ client: connect(master.url) });
    replica.pause();
    try {
      await store.set('plain', tokens('r1'));
    } finally {
      replica.resume();
    }
  });

  it('through the token source: the request fails, the pair is kept, and the next request saves it', async () => {
    emulator.reset();
    const store = redisStore({ client: connect(master.url), replicas: 1, replicaTimeoutMs: 300 });
    await store.set(key, emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']));
    const request = member(store);
    emulator.advanceClock(3600 + 60);
    replica.pause();
    try {
      expect(String(await request())).toMatch(/TokenStoreError/);
    } finally {
      replica.resume();
    }
    expect(await request()).toBe(200);
    // One rotation: the kept pair was saved, not renewed again.
    expect(refreshes()).toHaveLength(1);
    const onReplica = await redisStore({ client: connect(replica.url), replicas: 0 }).get(key);
    expect(onReplica?.refreshToken).toBe((await store.get(key))?.refreshToken);
    expect(refused()).toEqual([]);
  });
});

describe('on a Sentinel client', () => {
  let group: SentinelGroup;
  beforeAll(async () => {
    group = await startSentinelGroup();
  }, 60_000);
  afterAll(() => group?.stop());

  it('a save waits for a replica by default: with the replica frozen it fails; with replicas: 0 it does not wait', async () => {
    const client = new Redis({ sentinels: group.sentinels, name: group.name });
    client.on('error', () => undefined);
    clients.push(client);
    const replica = group.servers[1] as RedisServer;
    const tokens = (name: string): TokenSet => ({
      accessToken: `access-${name}`,
      expiresAt: 1_900_000_000_000,
      scope: [],
      tokenType: 'Bearer',
    });
    replica.pause();
    try {
      const error = await redisStore({ client, replicaTimeoutMs: 300 })
        .set('sentinel', tokens('r1'))
        .catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/0 of 1 replicas acknowledged it within 300 ms/);
      await redisStore({ client, replicas: 0 }).set('sentinel', tokens('r2'));
    } finally {
      replica.resume();
    }
  });
});
