import { type RedisServer, startCluster, startRedis } from '@jira-auth/conformance/redis';
import { runTokenStoreContract } from '@jira-auth/store-contract';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { redisStore } from '../src/index.js';

let server: RedisServer;
const clients: (Redis | Cluster)[] = [];
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
  makeStoreWithLockTtl: (ttlMs) => redisStore({ client: connect(), lockTtlMs: ttlMs }),
});

describe('on a 3-master Redis Cluster', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());
  const clusterClient = () => {
    const client = new Cluster(cluster.nodes);
    clients.push(client);
    return client;
  };
  runTokenStoreContract('redisStore (Cluster)', {
    makeStore: () => redisStore({ client: clusterClient() }),
    makeStoreWithLockTtl: (ttlMs) => redisStore({ client: clusterClient(), lockTtlMs: ttlMs }),
  });
});
