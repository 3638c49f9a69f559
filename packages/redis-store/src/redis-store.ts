import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { LockTimeoutError, type TokenSet, type TokenStore, TokenStoreError } from '@jira-auth/core';
import { supersededError } from '@jira-auth/core/store-kit';
import { Cluster, Redis } from 'ioredis';

export interface RedisStoreOptions {
  /**
   * An ioredis client you already have: `new Redis(...)` (standalone, or Sentinel with `sentinels`) or
   * `new Cluster(...)`. Or a `redis://` URL, and the store makes (and `close()` ends) its own client.
   */
  client: Redis | Cluster | string;
  /**
   * Put before every key, to keep apart what several deployments keep on one Redis (`'staging:'`). The store keys
   * jira-auth makes already begin with `jira-auth:` (`{jira-auth:atlassian:<clientId>:<account>}`), so none is
   * needed for that. @default ''
   */
  prefix?: string;
  /**
   * How long the refresh lock lives past its holder's last sign of life. The holder keeps it alive while it works
   * (every third of this), so only a holder that died, or whose process stalls this long, loses it; a holder that
   * lost it is fenced out, never allowed to overwrite a newer set. @default 10_000
   */
  lockTtlMs?: number;
  /**
   * How long to wait for another process's refresh before giving up with a `LockTimeoutError` that names the
   * lock. Longer than the lock's TTL plus one renewal. @default 40_000
   */
  waitTimeoutMs?: number;
  /** How long one Redis command may take (Redis down, a network split) before it fails the request. @default 5_000 */
  commandTimeoutMs?: number;
  /**
   * How many replicas must acknowledge a save (`WAIT`) before it counts as saved. Redis replicates
   * asynchronously: without this, a rotated pair the master acknowledged can be lost in a failover, and the
   * family's next refresh then uses a rotated-out token. A save not acknowledged in time fails the request, and is
   * saved again under the lock on the next one. @default 1 for a Sentinel or Cluster client, 0 otherwise
   */
  replicas?: number;
  /** How long a save waits for `replicas` to acknowledge it. @default 2_000 */
  replicaTimeoutMs?: number;
}

export interface RedisTokenStore extends TokenStore {
  /** Ends the client the store made from a URL; a client you passed stays yours to end. */
  close(): Promise<void>;
}

/** The lock this async context holds: a `set` inside it is fenced with its number. */
const held = new AsyncLocalStorage<{ readonly key: string; readonly fence: number }>();

// Each script touches only keys with one hash tag: one Cluster slot.
// KEYS: the set, the fence counter. ARGV: the token set as JSON; the writer's fence (0 outside a lock); the
// condition as JSON (`null` for none, `{"replaces":null}`, or `{"replaces":{...}}`). A conditional write is refused
// unless Redis holds the set it replaces, or the new set already; a write under a lock is refused once a newer
// holder (or any write outside a lock) has numbered itself since.
const SET = `
local function same(a, b)
  return a.accessToken == b.accessToken and (a.refreshToken or false) == (b.refreshToken or false)
end
local tokens = cjson.decode(ARGV[1])
local condition = cjson.decode(ARGV[3])
if condition ~= cjson.null then
  local stored = redis.call('HGET', KEYS[1], 'tokens')
  local ok
  if stored then
    local current = cjson.decode(stored)
    ok = same(current, tokens) or (condition.replaces ~= cjson.null and same(current, condition.replaces))
  else
    ok = condition.replaces == cjson.null
  end
  if not ok then return 0 end
end
local fence = tonumber(ARGV[2])
if fence > 0 then
  if fence < tonumber(redis.call('GET', KEYS[2]) or '0') then return 0 end
else
  fence = redis.call('INCR', KEYS[2])
end
redis.call('HSET', KEYS[1], 'tokens', ARGV[1], 'fence', fence)
return 1`;
// A delete numbers itself too, so that a holder whose lock expired cannot bring the deleted set back.
const DELETE = `
local fence = redis.call('INCR', KEYS[2])
redis.call('HDEL', KEYS[1], 'tokens')
redis.call('HSET', KEYS[1], 'fence', fence)
return 1`;
// KEYS: the lock. ARGV: the owner. Only the owner releases.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
// KEYS: the lock. ARGV: the owner, the TTL. Only the owner keeps it alive.
const KEEP = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/**
 * A store key as a Redis hash tag, escaped reversibly: `%`, `{` and `}` become `%25`, `%7B` and `%7D`, so no two
 * keys share a Redis key, and the tag braces stay the tag's own.
 */
export function redisKeyOf(prefix: string, key: string): string {
  const escaped = key.replace(
    /[%{}]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${prefix}{${escaped}}`;
}

const isReplicated = (client: Redis | Cluster) =>
  client instanceof Cluster || ((client as Redis).options.sentinels?.length ?? 0) > 0;

/**
 * Token sets in Redis, for many processes on many hosts sharing one Atlassian token family. `lock` lets one of
 * them refresh at a time (`SET NX PX` with a random owner, kept alive while its holder works, released only by its
 * owner); the others wait, then take the set it saved from Redis. Saves are compare-and-set (a renewed set is
 * written only while Redis holds the set it was renewed from) and fenced (a holder whose lock expired is refused),
 * in one script; on a Sentinel or Cluster client a save also waits for a replica to acknowledge it, so a failover
 * cannot take back a rotation.
 *
 * @example
 * const store = redisStore({ client: new Redis(process.env.REDIS_URL) });
 * const auth = oauth2({ clientId, clientSecret, account, cloudId, tokens, store });
 */
export function redisStore(options: RedisStoreOptions): RedisTokenStore {
  const owned = typeof options.client === 'string';
  const client = typeof options.client === 'string' ? new Redis(options.client) : options.client;
  const prefix = options.prefix ?? '';
  const lockTtlMs = options.lockTtlMs ?? 10_000;
  const waitTimeoutMs = options.waitTimeoutMs ?? 40_000;
  const commandTimeoutMs = options.commandTimeoutMs ?? 5_000;
  const replicas = options.replicas ?? (isReplicated(client) ? 1 : 0);
  const replicaTimeoutMs = options.replicaTimeoutMs ?? 2_000;

  // `{...}` is the hash tag: a set, its fence and its lock live in one Cluster slot.
  const keysOf = (key: string) => {
    const tag = redisKeyOf(prefix, key);
    return { set: tag, fence: `${tag}:fence`, lock: `${tag}:lock` };
  };

  /** One Redis command, failing as a typed error (not hanging) when Redis does not answer. */
  const command = async <T>(
    what: string,
    run: () => Promise<T>,
    timeoutMs = commandTimeoutMs,
  ): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms (commandTimeoutMs)`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (cause) {
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
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as TokenSet;
      } catch (cause) {
        throw new TokenStoreError(
          `the token set under ${key} in Redis is not JSON: it is left as it is; repair it, or delete it and authorise again`,
          { cause },
        );
      }
    },

    async set(key, tokens, condition) {
      const keys = keysOf(key);
      const lock = held.getStore();
      const fence = lock?.key === key ? lock.fence : 0;
      const args = [JSON.stringify(tokens), fence, JSON.stringify(condition ?? null)];
      // One round trip, on the connection (and, in a Cluster, the node) that wrote: WAIT counts the replicas that
      // have every write this connection made so far.
      const [written, acknowledged] = await command(
        'save a token set',
        async () => {
          const pipeline = client.pipeline().eval(SET, 2, keys.set, keys.fence, ...args);
          if (replicas > 0) pipeline.call('WAIT', replicas, replicaTimeoutMs);
          const results = (await pipeline.exec()) ?? [];
          for (const [error] of results) if (error) throw error;
          return results.map(([, value]) => Number(value));
        },
        commandTimeoutMs + (replicas > 0 ? replicaTimeoutMs : 0),
      );
      if (written !== 1) {
        throw supersededError(
          key,
          lock?.key === key
            ? 'a newer token set was saved, or this process lost its refresh lock to another (it held it longer than lockTtlMs without a sign of life)'
            : undefined,
        );
      }
      if ((acknowledged ?? replicas) < replicas) {
        throw new TokenStoreError(
          `the token set under ${key} reached the Redis master, but ${acknowledged ?? 0} of ${replicas} replicas acknowledged it within ${replicaTimeoutMs} ms (replicaTimeoutMs): a failover now could lose it, so it counts as unsaved and is saved again on the next request. Check the replicas, or lower \`replicas\``,
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
      const asked = Date.now();
      const deadline = asked + waitTimeoutMs;
      const release = () => client.eval(RELEASE, 1, keys.lock, owner);
      let attempts = 0;
      for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
        attempts++;
        const attempt = client.set(keys.lock, owner, 'PX', lockTtlMs, 'NX');
        const taken = await command('take the refresh lock', () => attempt).catch((error: unknown) => {
          // Given up on, the command may still run once Redis is back (a client queues it): a lock taken that
          // late is nobody's, so it is released rather than left to block every process for lockTtlMs.
          attempt.then((late) => (late === 'OK' ? release() : undefined)).catch(() => undefined);
          throw error;
        });
        if (taken === 'OK') break;
        if (Date.now() + wait > deadline) {
          throw new LockTimeoutError(
            `timed out after ${waitTimeoutMs} ms (waitTimeoutMs) waiting for the Redis refresh lock ${keys.lock} of ${key}, held by another process: it is slow or stuck (a holder that died loses the lock within lockTtlMs, ${lockTtlMs} ms); the next request tries again`,
            { lock: keys.lock, waitedMs: Date.now() - asked },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
      }
      // Kept alive while this holder works: a renewal slower than the TTL keeps its lock, a dead one loses it.
      const keepAlive = setInterval(
        () => void client.eval(KEEP, 1, keys.lock, owner, lockTtlMs).catch(() => undefined),
        lockTtlMs / 3,
      );
      keepAlive.unref();
      try {
        const fence = Number(await command('number the lock', () => client.incr(keys.fence)));
        return await held.run({ key, fence }, () => fn({ contended: attempts > 1 }));
      } finally {
        clearInterval(keepAlive);
        // Released only by its owner: after an expiry, the lock may be another process's now.
        await command('release the refresh lock', release).catch(() => undefined);
      }
    },

    async close() {
      if (owned) await (client as Redis).quit();
    },
  };
}
