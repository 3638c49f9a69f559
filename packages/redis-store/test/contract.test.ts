// The token store contract against one redis-server (the Cluster's run is in contract-cluster.test.ts).
import { type RedisServer, startRedis } from '@jira-auth/conformance/redis';
import { runTokenStoreContract } from '@jira-auth/store-contract';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { redisKeyOf, redisStore } from '../src/index.js';

let server: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
  await server?.stop();
});
/** A new client for each instance: each stands for another process. */
const connect = () => {
  const client = new Redis(server.url);
  clients.push(client);
  return client;
};

runTokenStoreContract('redisStore', {
  makeStore: () => redisStore({ client: connect() }),
  // As a holder stalled past lockTtlMs loses it.
  expireLock: async (key) => {
    await connect().del(`${redisKeyOf('', key)}:lock`);
  },
});
