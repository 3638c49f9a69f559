// Redis over TLS (`rediss://`) with a private CA and mutual TLS, as managed Redis services and company Redis run:
// the store takes an ioredis client made with its TLS options, and an OAuth strategy's rotated token set reaches
// Redis over it. Debian's redis-server, listening on TLS only, with certificates from the emulator's CA.
import { readFileSync } from 'node:fs';
import { type RedisServer, startRedis } from '@jira-auth/conformance/redis';
import { authorizationFor, oauth2, TokenStoreError, tokenKey } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';

const emulator = new Emulator();
/** An emulator in its TLS mode for its certificate authority and certificates, which the Redis server uses too. */
const certificates = new Emulator({ tls: true });
let server: RedisServer;
const clients: Redis[] = [];

beforeAll(async () => {
  await emulator.start();
  await certificates.start();
  const tls = certificates.tls;
  if (!tls) throw new Error('no TLS material');
  server = await startRedis([], {
    tls: {
      certFile: tls.serverCertFile,
      keyFile: tls.serverKeyFile,
      caFile: tls.caFile,
      clientCertFile: tls.certFile,
      clientKeyFile: tls.keyFile,
    },
  });
}, 30_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
  await server?.stop();
  await certificates.close();
  await emulator.close();
});

/** An ioredis client over TLS: the CA, and the client certificate unless told otherwise. */
const connect = (withCertificate = true) => {
  const tls = certificates.tls;
  if (!tls) throw new Error('no TLS material');
  const client = new Redis(server.url, {
    tls: withCertificate
      ? { ca: readFileSync(tls.caFile), cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }
      : { ca: readFileSync(tls.caFile) },
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
};

it("a rotated token set goes to Redis over TLS, and another process's client reads it", async () => {
  expect(server.url).toMatch(/^rediss:\/\/127\.0\.0\.1:\d+$/);
  const app = DEFAULT_OAUTH_CLIENT;
  const store = redisStore({ client: connect() });
  const granted = emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']);
  const auth = oauth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now() + 3_600_000,
    store,
    tokens: granted,
  });
  await authorizationFor(auth, { url: `${emulator.urls.gateway}/rest/api/3/myself` });
  expect(emulator.requests({ host: 'auth', path: '/oauth/token' })).toHaveLength(1);
  const stored = await redisStore({ client: connect() }).get(
    tokenKey('atlassian', app.clientId, DEFAULT_CLOUD_USER.accountId),
  );
  // The rotated pair, not the one granted: it went through the TLS connection.
  expect(stored?.refreshToken).toEqual(expect.any(String));
  expect(stored?.refreshToken).not.toBe(granted.refreshToken);
});

it('without the client certificate: a typed store error', async () => {
  const store = redisStore({ client: connect(false) });
  const failure = await store.get('any').catch((error: unknown) => error);
  expect(TokenStoreError.isInstance(failure)).toBe(true);
  expect((failure as Error).message).toMatch(/read a token set/);
});
