// A real Sentinel failover under a fleet: one master (append-only), one replica and three sentinels on loopback
// (Debian's redis-sentinel), 4 worker processes renewing one token family through redisStore on a Sentinel client
// (which waits for a replica to acknowledge each save by default). The master is SIGKILLed right after a rotation
// was acknowledged; the sentinels promote the replica; the old master comes back as its replica; more expiries
// follow, each past the reuse interval. The emulator revokes the family on any reuse of a rotated-out refresh token
// after that interval, as Atlassian does: the family must never be revoked, and every process keeps working.
import { type SentinelGroup, startSentinelGroup } from '@jira-auth/conformance/redis';
import { tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';
import { startWorker, stopAll, type Worker } from './fixtures/fleet.js';

const emulator = new Emulator();
let group: SentinelGroup;
beforeAll(async () => {
  await emulator.start();
  group = await startSentinelGroup();
}, 60_000);
afterAll(async () => {
  await emulator.close();
  await group?.stop();
});

const app = DEFAULT_OAUTH_CLIENT;
const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
const refreshes = () =>
  emulator
    .requests({ host: 'auth', path: '/oauth/token' })
    .filter((entry) => JSON.parse(entry.body).grant_type === 'refresh_token');

it('the master killed right after a rotation: failover, and the family lives on through more expiries', async () => {
  const seedClient = new Redis({ sentinels: group.sentinels, name: group.name });
  seedClient.on('error', () => undefined);
  const workers: Worker[] = [];
  try {
    // A Sentinel client: the store waits for one replica to acknowledge each save, unless told otherwise.
    await redisStore({ client: seedClient }).set(
      key,
      emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']),
    );
    const config = {
      sentinels: group.sentinels,
      name: group.name,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
      requests: 25,
      verbose: true,
    };
    workers.push(...(await Promise.all(Array.from({ length: 4 }, () => startWorker(config)))));

    const expiry = async (label: string) => {
      emulator.advanceClock(3600 + 60);
      const before = refreshes().length;
      const statuses = (await Promise.all(workers.map((w) => w.send(emulator.now() - Date.now())))).flat();
      expect(
        statuses.filter((status) => status !== 200),
        label,
      ).toEqual([]);
      expect(refreshes().length - before, label).toBe(1);
    };

    await expiry('before the failover');
    // The rotation was acknowledged by the replica: kill the master now.
    const oldPort = await group.masterPort();
    const oldMaster = group.servers.find((server) => server.port === oldPort);
    await oldMaster?.kill();
    const newPort = await group.failedOver(oldPort, 0);
    expect(newPort).not.toBe(oldPort);
    // The old master comes back, and the sentinels make it the new master's replica.
    await oldMaster?.restart();
    await group.failedOver(oldPort, 1);

    for (const label of ['first after the failover', 'second after', 'third after']) await expiry(label);
    // Never a refused refresh: no rotated-out token was used, so the family was never revoked.
    expect(emulator.requests({ host: 'auth' }).filter((entry) => entry.status !== 200)).toEqual([]);
    expect((await redisStore({ client: seedClient }).get(key))?.refreshToken).toBeDefined();
  } finally {
    stopAll(workers);
    seedClient.disconnect();
  }
});
