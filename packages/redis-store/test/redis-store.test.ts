// The Redis store's own choices, against a real redis-server: where it keeps a set (prefix, hash tag, fence), what a
// corrupt value or a lost Redis gives, how long a second holder waits for the lock, and which client it ends. The
// shared behaviour of every store is in contract.test.ts; many processes and hosts in fleet.test.ts.
import { type RedisServer, startRedis } from '@jira-auth/conformance/redis';
import { type TokenSet, TokenStoreError } from '@jira-auth/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';

let server: RedisServer;
let raw: Redis;
const clients: Redis[] = [];
beforeAll(async () => {
  server = await startRedis();
  raw = new Redis(server.url);
});
afterAll(async () => {
  await Promise.all([raw, ...clients].map((client) => client.quit().catch(() => undefined)));
  await server?.stop();
});
beforeEach(() => raw.flushall());

/** A new client for each store: each stands for another process. */
const connect = () => {
  const client = new Redis(server.url);
  clients.push(client);
  return client;
};
const tokens: TokenSet = {
  accessToken: 'access-token-1234',
  refreshToken: 'refresh-token-1234',
  expiresAt: 1_900_000_000_000,
  scope: ['read:jira-user'],
  tokenType: 'Bearer',
};

describe('redisStore', () => {
  it('keeps a set and its fence under the prefix, with the key as one hash tag (braces made safe)', async () => {
    await redisStore({ client: connect() }).set('team{a}', tokens);
    expect((await raw.keys('*')).sort()).toEqual(['jira-auth:{team_a_}', 'jira-auth:{team_a_}:fence']);
    expect(JSON.parse((await raw.hget('jira-auth:{team_a_}', 'tokens')) ?? '')).toEqual(tokens);

    await raw.flushall();
    const store = redisStore({ client: connect(), prefix: 'billing:' });
    await store.set('k', tokens);
    expect((await raw.keys('*')).sort()).toEqual(['billing:{k}', 'billing:{k}:fence']);
    expect(await store.get('k')).toEqual(tokens);
    await store.lock?.('k', async () => {
      expect(await raw.get('billing:{k}:lock')).toMatch(/^[0-9a-f-]{36}$/);
    });
    expect(await raw.exists('billing:{k}:lock')).toBe(0);
  });

  it('a value that is not JSON is a TokenStoreError with the parse error as its cause, and stays as it is', async () => {
    await raw.hset('jira-auth:{k}', 'tokens', 'not json');
    const error = await redisStore({ client: connect() })
      .get('k')
      .catch((failure: unknown) => failure);
    expect(TokenStoreError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(await raw.hget('jira-auth:{k}', 'tokens')).toBe('not json');
  });

  it('a Redis that does not answer is a TokenStoreError within commandTimeoutMs, with the cause', async () => {
    const client = connect();
    const store = redisStore({ client, commandTimeoutMs: 200 });
    await client.client('PAUSE', 1500);
    const started = Date.now();
    const error = await store.get('k').catch((failure: unknown) => failure);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(TokenStoreError.isInstance(error)).toBe(true);
    expect(((error as Error).cause as Error).message).toMatch(/no answer within 200 ms/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  });

  it('a second holder waits for the lock, and gives up after waitTimeoutMs (40 s unless set)', async () => {
    const first = redisStore({ client: connect() });
    let release: () => void = () => undefined;
    const held = first.lock?.('k', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const error = await redisStore({ client: connect(), waitTimeoutMs: 300 })
      .lock?.('k', async () => 'never')
      .catch((failure: unknown) => failure);
    expect(TokenStoreError.isInstance(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);

    // With the default, a wait of a second is still waited out.
    const waiting = redisStore({ client: connect() }).lock?.('k', async () => 'after the first');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release();
    await held;
    expect(await waiting).toBe('after the first');
  });

  it('leaves no timer behind a command: a script that closes the store exits at once', async () => {
    const store = redisStore({ client: connect(), commandTimeoutMs: 60_000 });
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    await store.get('k');
    const before = timers();
    await store.set('k', tokens);
    await store.get('k');
    await store.lock?.('k', async () => undefined);
    expect(timers()).toBe(before);
  });

  it('ends the client it made from a URL, and leaves one it was given open', async () => {
    const given = connect();
    await redisStore({ client: given }).close();
    expect(await given.ping()).toBe('PONG');

    const own = redisStore({ client: server.url });
    await own.set('k', tokens);
    await own.close();
    await expect(own.get('k')).rejects.toThrow(TokenStoreError);
  });
});
