import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type TokenSet, type TokenStore, TokenStoreError } from '@jira-auth/core';
import { type Cluster, Redis } from 'ioredis';

export interface RedisStoreOptions {
  /**
   * An ioredis client you already have: `new Redis(...)` (standalone, or Sentinel with `sentinels`) or
   * `new Cluster(...)`. Or a `redis://` URL, and the store makes (and `close()` ends) its own client.
   */
  client: Redis | Cluster | string;
  /** Put before every key. @default 'jira-auth:' */
  prefix?: string;
  /**
   * How long the refresh lock lives when its holder never releases it (a process that died). Longer than a token
   * request takes; a holder slower than this is fenced out, never allowed to overwrite a newer set. @default 30_000
   */
  lockTtlMs?: number;
  /** How long to wait for another process's refresh before giving up with a `TokenStoreError`. @default 40_000 */
  waitTimeoutMs?: number;
  /** How long one Redis command may take (Redis down, a network split) before it fails the request. @default 5_000 */
  commandTimeoutMs?: number;
}

export interface RedisTokenStore extends TokenStore {
  /** Ends the client the store made from a URL; a client you passed stays yours to end. */
  close(): Promise<void>;
}

/** The lock this async context holds: a `set` inside it is fenced with its number. */
const held = new AsyncLocalStorage<{ readonly key: string; readonly fence: number }>();

// Each script touches only keys with one hash tag: one Cluster slot.
// KEYS: the set, the fence counter. ARGV: the token set as JSON, the writer's fence ('' outside a lock).
const SET = `
local fence = tonumber(ARGV[2])
if fence then
  local stored = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
  if fence < stored then return 0 end
else
  fence = redis.call('INCR', KEYS[2])
end
redis.call('HSET', KEYS[1], 'tokens', ARGV[1], 'fence', fence)
return 1`;
// A delete keeps a fence, so that a holder whose lock expired cannot bring the deleted set back.
const DELETE = `
local fence = redis.call('INCR', KEYS[2])
redis.call('HDEL', KEYS[1], 'tokens')
redis.call('HSET', KEYS[1], 'fence', fence)
return 1`;
// KEYS: the lock. ARGV: the owner. Only the owner releases.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Token sets in Redis, for many processes on many hosts sharing one Atlassian token family. `lock` lets one of
 * them refresh at a time (`SET NX PX` with a random owner, released only by its owner); the others wait, then
 * take the set it saved from Redis. Every lock holder gets a fencing number: a holder whose lock expired is refused
 * when it writes after a newer holder did, so no stale pair ever overwrites a rotated one.
 *
 * @example
 * const store = redisStore({ client: new Redis(process.env.REDIS_URL) });
 * const auth = oauth2({ clientId, clientSecret, account, cloudId, tokens, store });
 */
export function redisStore(options: RedisStoreOptions): RedisTokenStore {
  const owned = typeof options.client === 'string';
  const client = typeof options.client === 'string' ? new Redis(options.client) : options.client;
  const prefix = options.prefix ?? 'jira-auth:';
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const waitTimeoutMs = options.waitTimeoutMs ?? 40_000;
  const commandTimeoutMs = options.commandTimeoutMs ?? 5_000;

  // `{...}` is the hash tag: a set, its fence and its lock live in one Cluster slot.
  const keysOf = (key: string) => {
    const tag = `${prefix}{${key.replace(/[{}]/g, '_')}}`;
    return { set: tag, fence: `${tag}:fence`, lock: `${tag}:lock` };
  };

  /** One Redis command, failing as a typed error (not hanging) when Redis does not answer. */
  const command = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${commandTimeoutMs} ms (commandTimeoutMs)`)),
            commandTimeoutMs,
          );
        }),
      ]);
    } catch (cause) {
      // Stryker disable next-line ConditionalExpression: equivalent, no command here throws a TokenStoreError of its own; the check keeps one from being wrapped twice
      if (TokenStoreError.isInstance(cause)) throw cause;
      throw new TokenStoreError(
        `the Redis token store could not ${what}: ${(cause as Error).message}. Check that Redis is reachable; tokens already saved are kept`,
        { cause },
      );
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async get(key) {
      const text = await command('read a token set', () => client.hget(keysOf(key).set, 'tokens'));
      // Stryker disable next-line ConditionalExpression: equivalent, ioredis answers null for a missing field
      if (text === null || text === undefined) return undefined;
      try {
        return JSON.parse(text) as TokenSet;
      } catch (cause) {
        throw new TokenStoreError(
          `the token set under ${key} in Redis is not JSON: it is left as it is; repair it, or delete it and authorise again`,
          { cause },
        );
      }
    },

    async set(key, tokens) {
      const keys = keysOf(key);
      const lock = held.getStore();
      // Stryker disable next-line StringLiteral: equivalent, the script reads any text that is not a number as no fence
      const fence = lock?.key === key ? String(lock.fence) : '';
      const written = await command('save a token set', () =>
        client.eval(SET, 2, keys.set, keys.fence, JSON.stringify(tokens), fence),
      );
      if (Number(written) !== 1) {
        throw new TokenStoreError(
          `a newer token set under ${key} was saved by another process after this one's lock expired (it held it longer than lockTtlMs): this one is dropped, the newer one stands`,
          { superseded: true },
        );
      }
    },

    async delete(key) {
      const keys = keysOf(key);
      await command('delete a token set', () => client.eval(DELETE, 2, keys.set, keys.fence));
    },

    async lock(key, fn) {
      const keys = keysOf(key);
      const owner = randomUUID();
      const deadline = Date.now() + waitTimeoutMs;
      const release = () => client.eval(RELEASE, 1, keys.lock, owner);
      // Stryker disable next-line ArithmeticOperator,MethodExpression: timing only, how often the lock is tried again, which no test can pin without timed assertions (the wait-timeout test bounds the whole wait)
      for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
        const attempt = client.set(keys.lock, owner, 'PX', lockTtlMs, 'NX');
        const taken = await command('take the refresh lock', () => attempt).catch((error: unknown) => {
          // Given up on, the command may still run once Redis is back (a client queues it): a lock taken that
          // late is nobody's, so it is released rather than left to block every process for lockTtlMs.
          // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, releasing a lock this owner did not take is a no-op (only the owner's is deleted)
          attempt.then((late) => (late === 'OK' ? release() : undefined)).catch(() => undefined);
          throw error;
        });
        if (taken === 'OK') break;
        // Stryker disable next-line EqualityOperator,ArithmeticOperator: timing only, the last try moves by at most one backoff step (250 ms); the wait-timeout test bounds it
        if (Date.now() + wait > deadline) {
          throw new TokenStoreError(
            `timed out after ${waitTimeoutMs} ms waiting for another process's refresh of ${key} (its lock lasts at most lockTtlMs, ${lockTtlMs} ms)`,
          );
        }
        // Stryker disable next-line ArithmeticOperator: timing only, the jitter of the backoff
        await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
      }
      try {
        const fence = Number(await command('number the lock', () => client.incr(keys.fence)));
        return await held.run({ key, fence }, fn);
      } finally {
        // Released only by its owner: after an expiry, the lock may be another process's now.
        await command('release the refresh lock', release).catch(() => undefined);
      }
    },

    async close() {
      if (owned) await (client as Redis).quit();
    },
  };
}
