// The refresh path across processes on one Redis: for 1, 2, 4 and 8 processes, token requests per expiry and the
// latency a request pays when its token has expired (median and p99), against the in-process memory store.
// Figures, not a test. Needs Debian's redis-server on the PATH.
import { fork, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { redisStore } from '@jira-auth/redis-store';
import { Redis } from 'ioredis';

const EXPIRIES = 5;
const REQUESTS = 50;
const worker = fileURLToPath(new URL('./worker.mjs', import.meta.url));

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const dir = await mkdtemp(join(tmpdir(), 'jira-auth-bench-redis-'));
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  {
    stdio: 'ignore',
  },
);
const redisUrl = `redis://127.0.0.1:${port}`;
const seed = new Redis(redisUrl, { retryStrategy: (times) => (times > 100 ? null : 20) });
seed.on('error', () => undefined); // refused until redis-server is up: retried
await seed.ping();

const emulator = new Emulator();
await emulator.start();
const app = DEFAULT_OAUTH_CLIENT;
const key = tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId);
const refreshes = () =>
  emulator.requests({ host: 'auth', path: '/oauth/token' }).filter((entry) => entry.status === 200).length;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function measure(store, processes) {
  const tokens = emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']);
  if (store === 'redis') await redisStore({ client: seed }).set(key, tokens);
  const config = {
    store,
    redisUrl,
    key,
    tokens,
    requests: REQUESTS,
    gateway: emulator.urls.gateway,
    oauth: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
    },
  };
  const workers = await Promise.all(
    Array.from({ length: processes }, async () => {
      const child = fork(worker, [JSON.stringify(config)]);
      await new Promise((resolve) => child.once('message', resolve));
      return child;
    }),
  );
  const latencies = [];
  const before = refreshes();
  for (let expiry = 0; expiry < EXPIRIES; expiry++) {
    emulator.advanceClock(3600 + 60);
    const offset = emulator.now() - Date.now();
    const rounds = await Promise.all(
      workers.map(
        (child) =>
          new Promise((resolve) => {
            child.once('message', (message) => resolve(message.latencies));
            child.send({ offset });
          }),
      ),
    );
    latencies.push(...rounds.flat());
  }
  for (const child of workers) child.send({ stop: true });
  return {
    perExpiry: (refreshes() - before) / EXPIRIES,
    median: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const memory = await measure('memory', 1);
console.log(`refresh path, ${REQUESTS} concurrent requests per process, ${EXPIRIES} expiries (ms)`);
console.log('store            processes  token requests/expiry  median    p99');
const row = (name, processes, result) =>
  console.log(
    `${name.padEnd(16)} ${String(processes).padStart(9)}  ${result.perExpiry.toFixed(1).padStart(21)}  ${result.median.toFixed(2).padStart(6)}  ${result.p99.toFixed(2).padStart(6)}`,
  );
row('memory (1 proc)', 1, memory);
for (const processes of [1, 2, 4, 8]) row('redis', processes, await measure('redis', processes));

seed.disconnect();
await emulator.close();
redis.kill('SIGTERM');
await new Promise((resolve) => redis.once('exit', resolve));
await rm(dir, { recursive: true, force: true });
