// The token store contract on a 3-master Redis Cluster: a set, its fence and its lock share one hash slot.
import { startCluster } from '@jira-auth/conformance/redis';
import { runTokenStoreContract } from '@jira-auth/store-contract';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { redisKeyOf, redisStore } from '../src/index.js';

const clients: Cluster[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
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
    makeStore: () => redisStore({ client: clusterClient(), replicas: 0 }),
    // As a holder stalled past lockTtlMs loses it. Replicas: none in this Cluster.
    expireLock: async (key) => {
      await clusterClient().del(`${redisKeyOf('', key)}:lock`);
    },
  });
});
