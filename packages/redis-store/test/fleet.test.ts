// Many processes, one token family: 8 worker processes on one Redis (and on a 3-master Cluster), 100 concurrent
// requests each through axios, across forced expiries. Exactly one token request per expiry, no invalid_grant,
// every request answered 200; a worker killed while it holds the lock mid-refresh costs nothing but the lock's TTL.
import { type RedisServer, startCluster, startRedis } from '@jira-auth/conformance/redis';
import { tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';
import { startWorker, stopAll, type Worker } from './fixtures/fleet.js';

const emulator = new Emulator();
let server: RedisServer;
beforeAll(async () => {
  await emulator.start();
  server = await startRedis();
});
afterAll(async () => {
  await emulator.close();
  await server?.stop();
});

const app = DEFAULT_OAUTH_CLIENT;
const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
const refreshes = () =>
  emulator
    .requests({ host: 'auth', path: '/oauth/token' })
    .filter((entry) => JSON.parse(entry.body).grant_type === 'refresh_token');

async function fleet(
  connection: { redisUrl?: string; cluster?: { host: string; port: number }[]; replicas?: number },
  seed: Redis | Cluster,
  store: { lockTtlMs?: number } = { lockTtlMs: 1_500 },
) {
  const tokens = emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']);
  await redisStore({ client: seed, replicas: 0 }).set(key, tokens);
  const config = {
    ...connection,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    requests: 100,
    ...store,
  };
  return { config, workers: await Promise.all(Array.from({ length: 8 }, () => startWorker(config))) };
}

/** Moves the emulator's clock past the access token's life, then sends a round through every worker. */
async function expiryRound(workers: Worker[]) {
  emulator.advanceClock(3600 + 60);
  const before = refreshes().length;
  const statuses = (await Promise.all(workers.map((w) => w.send(emulator.now() - Date.now())))).flat();
  return { statuses, refreshes: refreshes().length - before };
}

/**
 * `count` forced expiries through every worker: each one answered 200 to every request, made one token request in
 * all, and at most one lock attempt per process, with no invalid_grant.
 */
async function expectExpiries(workers: Worker[], count: number) {
  for (let expiry = 1; expiry <= count; expiry++) {
    const round = await expiryRound(workers);
    expect(
      round.statuses.filter((status) => status !== 200),
      `expiry ${expiry}`,
    ).toEqual([]);
    expect(round.refreshes, `expiry ${expiry}`).toBe(1);
    // Counted from the events of all 8 processes, the token requests are exactly the token endpoint's count.
    const renewals = workers.map((w) => w.renewals());
    expect(
      renewals.reduce((sum, count) => sum + count, 0),
      `expiry ${expiry}: ${renewals}`,
    ).toBe(round.refreshes);
    // In-process single-flight in front of the lock: at most one lock attempt per process for its 100 requests
    // (none when the process first read the store after another had already saved the new set).
    const attempts = workers.map((w) => w.lockAttempts());
    expect(
      attempts.filter((count) => count > 1),
      `expiry ${expiry}: ${attempts}`,
    ).toEqual([]);
    expect(Math.max(...attempts), `expiry ${expiry}`).toBe(1);
  }
  expect(emulator.requests({ host: 'auth' }).filter((entry) => entry.status !== 200)).toEqual([]);
}

describe('8 processes on one Redis', () => {
  it('5 expiries: one token request each, every one of 800 requests answered 200', async () => {
    const seed = new Redis(server.url);
    const { workers } = await fleet({ redisUrl: server.url }, seed);
    try {
      await expectExpiries(workers, 5);
    } finally {
      stopAll(workers);
      seed.disconnect();
    }
  });

  it('a worker killed while it holds the lock mid-refresh: the others carry on after the TTL, nothing lost', async () => {
    const seed = new Redis(server.url);
    const { config, workers } = await fleet({ redisUrl: server.url }, seed);
    try {
      await killedHolder(config, workers);
    } finally {
      stopAll(workers);
      seed.disconnect();
    }
  });

  it("the same with the store's and the strategy's defaults: the others wait out the lock's TTL, then renew once", async () => {
    const seed = new Redis(server.url);
    // No lockTtlMs, no timeoutMs: what a user gets. The renewal's 30 s counts from holding the lock, so waiting out
    // a dead holder's lock (10 s) no longer times the renewal out.
    const { config, workers } = await fleet({ redisUrl: server.url }, seed, {});
    try {
      const started = Date.now();
      await killedHolder(config, workers);
      // Within the lock's TTL plus one renewal, far inside the wait timeout (40 s).
      expect(Date.now() - started).toBeLessThan(40_000);
    } finally {
      stopAll(workers);
      seed.disconnect();
    }
  });
});

/** The first worker is killed the moment it holds the lock; the others and a fresh process must carry on. */
async function killedHolder(config: object, workers: Worker[]) {
  const [victim, ...others] = workers as [Worker, ...Worker[]];
  emulator.advanceClock(3600 + 60);
  // The victim goes first and is killed the moment it holds the lock, before it could refresh.
  void victim.send(emulator.now() - Date.now());
  for (let i = 0; i < 500 && !victim.output().includes('locked'); i++)
    await new Promise((r) => setTimeout(r, 5));
  expect(victim.output()).toContain('locked');
  victim.child.kill('SIGKILL');
  const before = refreshes().length;
  const statuses = (await Promise.all(others.map((w) => w.send(emulator.now() - Date.now())))).flat();
  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  expect(refreshes().length - before).toBe(1);
  // A fresh process after that goes on too.
  const fresh = await startWorker(config);
  expect((await fresh.send(emulator.now() - Date.now())).every((status) => status === 200)).toBe(true);
  stopAll([fresh]);
  expect(emulator.requests({ host: 'auth' }).filter((entry) => entry.status !== 200)).toEqual([]);
}

describe('8 processes on a 3-master Redis Cluster', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(() => cluster?.stop());

  it('2 expiries: one token request each, every request answered 200', async () => {
    const seed = new Cluster(cluster.nodes);
    // This Cluster has no replicas to wait for.
    const { workers } = await fleet({ cluster: cluster.nodes, replicas: 0 }, seed);
    try {
      await expectExpiries(workers, 2);
    } finally {
      stopAll(workers);
      await seed.quit();
    }
  });
});
