// One process of the benchmark fleet: an oauth2 strategy on a store ("redis" or "memory"). For each { offset }
// (the emulator's clock, moved past an expiry) it gets `requests` headers at once and answers with how long each took.
import { memoryStore, oauth2 } from '@jira-auth/core';
import { redisStore } from '@jira-auth/redis-store';
import { Redis } from 'ioredis';

const config = JSON.parse(process.argv[2]);
const client = config.store === 'redis' ? new Redis(config.redisUrl) : undefined;
const store = client ? redisStore({ client }) : memoryStore();
if (!client) await store.set(config.key, config.tokens);
let offset = 0;
const strategy = oauth2({ ...config.oauth, store, now: () => Date.now() + offset });
const url = new URL(`${config.gateway}/rest/api/3/myself`);

process.on('message', async (message) => {
  if (message.stop) {
    client?.disconnect();
    process.exit(0);
  }
  offset = message.offset;
  const latencies = await Promise.all(
    Array.from({ length: config.requests }, async () => {
      const started = performance.now();
      await strategy.authenticate({ url, method: 'GET' });
      return performance.now() - started;
    }),
  );
  process.send({ latencies });
});
process.send({ ready: true });
