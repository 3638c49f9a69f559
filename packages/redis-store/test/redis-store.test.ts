// The Redis store's own choices, against a real redis-server: where it keeps a set (prefix, hash tag, fence), what a
// corrupt value or a lost Redis gives, how long a second holder waits for the lock, and which client it ends. The
// shared behaviour of every store is in contract.test.ts; many processes and hosts in fleet.test.ts.
import { type RedisServer, startRedis } from '@jira-auth/conformance/redis';
import { LockTimeoutError, type TokenSet, TokenStoreError } from '@jira-auth/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisKeyOf, redisStore } from '../src/index.js';

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
  it('keeps a set and its fence with the key as one hash tag (braces escaped), under the prefix when given', async () => {
    await redisStore({ client: connect() }).set('team{a}', tokens);
    expect((await raw.keys('*')).sort()).toEqual(['{team%7Ba%7D}', '{team%7Ba%7D}:fence']);
    expect(JSON.parse((await raw.hget('{team%7Ba%7D}', 'tokens')) ?? '')).toEqual(tokens);

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

  it('keys that differ only in braces, underscores or escapes are kept apart', async () => {
    const store = redisStore({ client: connect() });
    const keys = ['{user}', '_user_', '%7Buser%7D', '%user%', 'user'];
    for (const [index, key] of keys.entries())
      await store.set(key, { ...tokens, accessToken: `access-${index}` });
    for (const [index, key] of keys.entries())
      expect((await store.get(key))?.accessToken).toBe(`access-${index}`);
    expect(await raw.keys('*')).toHaveLength(keys.length * 2);
    expect(redisKeyOf('p:', '{a}%')).toBe('p:{%7Ba%7D%25}');
  });

  it('a value that is not JSON is a TokenStoreError with the parse error as its cause, and stays as it is', async () => {
    await raw.hset('{k}', 'tokens', 'not json');
    const error = await redisStore({ client: connect() })
      .get('k')
      .catch((failure: unknown) => failure);
    expect(TokenStoreError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(await raw.hget('{k}', 'tokens')).toBe('not json');
  });

  it('a Redis that does not answer is a TokenStoreError after commandTimeoutMs, with the cause', async () => {
    const store = redisStore({ client: connect(), commandTimeoutMs: 200 });
    await store.get('k');
    // Frozen until this test resumes it: an answer can only be the store giving up.
    server.pause();
    try {
      const started = Date.now();
      const error = await store.get('k').catch((failure: unknown) => failure);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(TokenStoreError.isInstance(error)).toBe(true);
      expect(((error as Error).cause as Error).message).toMatch(/no answer within 200 ms/);
      // A save too, on a client that waits for no replica.
      const saving = await store.set('k', tokens).catch((failure: unknown) => failure);
      expect(((saving as Error).cause as Error).message).toMatch(/no answer within 200 ms/);
    } finally {
      server.resume();
    }
  });

  it('a second holder waits for the lock, and gives up after waitTimeoutMs (40 s unless set) with an error naming it', async () => {
    const first = redisStore({ client: connect() });
    let release: () => void = () => undefined;
    const held = first.lock?.('k', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const error = await redisStore({ client: connect(), waitTimeoutMs: 300 })
      .lock?.('k', async () => 'never')
      .catch((failure: unknown) => failure);
    expect(LockTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'JIRA_AUTH_LOCK_TIMEOUT', lock: '{k}:lock' });
    expect((error as Error).message).toMatch(/waiting for the Redis refresh lock \{k\}:lock of k/);
    // Given up on while the first still holds it (it would otherwise wait until release() below), within one
    // backoff step (250 ms) of waitTimeoutMs; the wait it reports is its own.
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(50);
    expect((error as LockTimeoutError).waitedMs).toBeLessThanOrEqual(waited);

    // With the default, a wait of a second is still waited out.
    const waiting = redisStore({ client: connect() }).lock?.('k', async () => 'after the first');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release();
    await held;
    expect(await waiting).toBe('after the first');
  });

  it('a holder that works longer than lockTtlMs keeps its lock alive: nobody else gets in, and its save stands', async () => {
    const [holder, other] = [
      redisStore({ client: connect(), lockTtlMs: 1_500 }),
      redisStore({ client: connect() }),
    ];
    await holder.set('k', tokens);
    let contended: boolean | undefined;
    const renewed = { ...tokens, accessToken: 'access-renewed', refreshToken: 'refresh-renewed' };
    const working = holder.lock?.('k', async () => {
      // Two lock lives long: kept alive every 500 ms, it would be lost only to a timer late by a second.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await holder.set('k', renewed, { replaces: tokens });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await redisStore({ client: connect(), waitTimeoutMs: 2_500 })
      .lock?.('k', async () => 'got in')
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'JIRA_AUTH_LOCK_TIMEOUT' });
    await working;
    expect(await other.get('k')).toEqual(renewed);
    // Released by its holder: the next one gets in at once, and is told it did not wait for anybody.
    await other.lock?.('k', async (held) => {
      contended = held?.contended;
    });
    expect(contended).toBe(false);
  });

  it('a holder that died loses its lock after lockTtlMs, and the next holder is told it waited', async () => {
    await raw.set('{k}:lock', 'a-process-that-died', 'PX', 300);
    let contended: boolean | undefined;
    await redisStore({ client: connect() }).lock?.('k', async (held) => {
      contended = held?.contended;
    });
    expect(contended).toBe(true);
  });

  it('a key of another type is a TokenStoreError with Redis’s own error as the cause, not a newer set', async () => {
    await raw.set('{k}', 'not a hash');
    const error = await redisStore({ client: connect() })
      .set('k', tokens)
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'JIRA_AUTH_TOKEN_STORE', superseded: false });
    expect(((error as Error).cause as Error).message).toMatch(/WRONGTYPE/);
  });

  it('a refused save says why: a newer set outside a lock, a lost lock inside one', async () => {
    const [store, other] = [redisStore({ client: connect() }), redisStore({ client: connect() })];
    await store.set('k', tokens);
    const newer = { ...tokens, accessToken: 'access-newer' };
    await other.set('k', newer);
    const outside = await store
      .set('k', { ...tokens, accessToken: 'access-late' }, { replaces: tokens })
      .catch((failure: unknown) => failure);
    expect(outside).toMatchObject({ superseded: true });
    expect((outside as Error).message).toMatch(/another process saved a newer token set under k/);
    const inside = await store.lock?.('k', async () => {
      await raw.del('{k}:lock');
      await other.lock?.('k', async () => undefined);
      return store.set('k', { ...tokens, accessToken: 'access-lost' }).catch((failure: unknown) => failure);
    });
    expect(inside).toMatchObject({ superseded: true });
    expect((inside as Error).message).toMatch(/this process lost its refresh lock to another/);
    expect(await store.get('k')).toEqual(newer);
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
