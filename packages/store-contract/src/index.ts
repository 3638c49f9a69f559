/**
 * The behaviours every jira-auth `TokenStore` must have, as a vitest suite: run it against your own store.
 * @packageDocumentation
 * @module @jira-auth/store-contract
 */
import { type TokenSet, type TokenStore, TokenStoreError } from '@jira-auth/core';
import { describe, expect, it } from 'vitest';

export interface StoreContractOptions {
  /**
   * Makes a store on the shared backend. Called more than once in a case: each call stands for another process
   * (another pod, another host) using the same database, file or Redis.
   */
  makeStore: () => TokenStore | Promise<TokenStore>;
  /**
   * Takes the lock on `key` away from whoever holds it, as a stall longer than the lock's life would (a process
   * frozen by SIGSTOP or a laptop's sleep, an event loop blocked past a heartbeat's stale limit, a network split):
   * for Redis, delete the lock key; for lock files, remove the lock. The fencing cases use it: a holder that lost
   * its lock must not write. Omit it only for stores whose lock cannot be lost while its holder lives (a database
   * session that ends with the holder's connection).
   */
  expireLock?: (key: string) => Promise<void>;
}

let counter = 0;
/** A key no other case (or earlier run) uses. */
const freshKey = () => `jira-auth:contract:${Date.now().toString(36)}-${process.pid}-${++counter}`;
const tokens = (n: number): TokenSet => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresAt: 1_700_000_000_000 + n,
  scope: ['read:jira-user', 'offline_access'],
  tokenType: 'Bearer',
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** What a set's save resolved or rejected with. */
const outcome = (saving: Promise<void>) =>
  saving.then(
    () => 'saved' as const,
    (error: unknown) => error,
  );
const expectSuperseded = (error: unknown) => {
  expect(TokenStoreError.isInstance(error), String(error)).toBe(true);
  expect(error).toMatchObject({ superseded: true });
};

/**
 * Registers the token store contract as vitest cases under `describe(name)`.
 *
 * @example
 * import { runTokenStoreContract } from '@jira-auth/store-contract';
 * import { postgresStore } from '../src/postgres-store.js';
 *
 * runTokenStoreContract('postgresStore', { makeStore: () => postgresStore(pool) });
 */
export function runTokenStoreContract(name: string, options: StoreContractOptions): void {
  describe(`TokenStore contract: ${name}`, () => {
    it('round trip: what is set is what is read, by this instance and another', async () => {
      const [store, other] = [await options.makeStore(), await options.makeStore()];
      const key = freshKey();
      await store.set(key, tokens(1));
      expect(await store.get(key)).toEqual(tokens(1));
      expect(await other.get(key)).toEqual(tokens(1));
      await other.set(key, tokens(2));
      expect(await store.get(key)).toEqual(tokens(2));
    });

    it('a missing key reads as undefined', async () => {
      expect(await (await options.makeStore()).get(freshKey())).toBeUndefined();
    });

    it('delete removes one key, and deleting a missing key is no error', async () => {
      const store = await options.makeStore();
      const [key, kept] = [freshKey(), freshKey()];
      await store.set(key, tokens(1));
      await store.set(kept, tokens(2));
      await store.delete(key);
      await store.delete(freshKey());
      expect(await store.get(key)).toBeUndefined();
      expect(await store.get(kept)).toEqual(tokens(2));
    });

    it('concurrent sets from two instances lose nothing, and leave each key whole', async () => {
      const [store, other] = [await options.makeStore(), await options.makeStore()];
      const keys = Array.from({ length: 20 }, () => freshKey());
      await Promise.all(keys.map((key, index) => (index % 2 ? store : other).set(key, tokens(index))));
      for (const [index, key] of keys.entries()) expect(await store.get(key)).toEqual(tokens(index));
      const shared = freshKey();
      await Promise.all(
        Array.from({ length: 20 }, (_, index) => (index % 2 ? store : other).set(shared, tokens(index))),
      );
      expect(Array.from({ length: 20 }, (_, index) => tokens(index))).toContainEqual(await other.get(shared));
    });

    describe('compare-and-set: a renewed set is saved only over the set it was renewed from', () => {
      it('saves over the set it replaces, and refuses (superseded, nothing written) over any other', async () => {
        const [store, other] = [await options.makeStore(), await options.makeStore()];
        const key = freshKey();
        await store.set(key, tokens(1));
        await other.set(key, tokens(2), { replaces: tokens(1) });
        expect(await store.get(key)).toEqual(tokens(2));
        expectSuperseded(await outcome(store.set(key, tokens(3), { replaces: tokens(1) })));
        expect(await other.get(key)).toEqual(tokens(2));
      });

      it('`replaces: null` saves only while nothing is stored', async () => {
        const [store, other] = [await options.makeStore(), await options.makeStore()];
        const key = freshKey();
        await store.set(key, tokens(1), { replaces: null });
        expectSuperseded(await outcome(other.set(key, tokens(2), { replaces: null })));
        expect(await store.get(key)).toEqual(tokens(1));
      });

      it('a set that differs only in its refresh token is another set', async () => {
        const store = await options.makeStore();
        const key = freshKey();
        await store.set(key, tokens(1));
        const rotated = { ...tokens(1), refreshToken: 'refresh-other' };
        expectSuperseded(await outcome(store.set(key, tokens(2), { replaces: rotated })));
        expect(await store.get(key)).toEqual(tokens(1));
      });

      it('saving again a set the store already holds is no error (a save that landed late, then retried)', async () => {
        const [store, other] = [await options.makeStore(), await options.makeStore()];
        const key = freshKey();
        await store.set(key, tokens(1));
        await store.set(key, tokens(2), { replaces: tokens(1) });
        expect(await outcome(other.set(key, tokens(2), { replaces: tokens(1) }))).toBe('saved');
        expect(await store.get(key)).toEqual(tokens(2));
      });

      it('a stale re-save after a newer save, from another instance, is refused: the newest stays', async () => {
        const [first, second] = [await options.makeStore(), await options.makeStore()];
        const key = freshKey();
        await first.set(key, tokens(1));
        await first.set(key, tokens(2), { replaces: tokens(1) });
        await second.set(key, tokens(3), { replaces: tokens(2) });
        // The first instance saves its r2 again, as if its first save had not been acknowledged.
        expectSuperseded(await outcome(first.set(key, tokens(2), { replaces: tokens(1) })));
        expect(await second.get(key)).toEqual(tokens(3));
      });

      it('a set deleted since (a logout) is not brought back', async () => {
        const [store, other] = [await options.makeStore(), await options.makeStore()];
        const key = freshKey();
        await store.set(key, tokens(1));
        await other.delete(key);
        expectSuperseded(await outcome(store.set(key, tokens(2), { replaces: tokens(1) })));
        expect(await store.get(key)).toBeUndefined();
      });

      it('interleaved: of many instances renewing from one set at once, exactly one saves', async () => {
        const stores = [await options.makeStore(), await options.makeStore(), await options.makeStore()];
        const key = freshKey();
        await (stores[0] as TokenStore).set(key, tokens(0));
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, index) =>
            outcome(
              (stores[index % stores.length] as TokenStore).set(key, tokens(index + 1), {
                replaces: tokens(0),
              }),
            ),
          ),
        );
        const saved = outcomes.flatMap((result, index) => (result === 'saved' ? [index + 1] : []));
        expect(saved).toHaveLength(1);
        for (const result of outcomes) if (result !== 'saved') expectSuperseded(result);
        expect(await (stores[1] as TokenStore).get(key)).toEqual(tokens(saved[0] as number));
      });
    });

    describe('lock', () => {
      it('returns what fn returns, and holds off every other instance while fn runs', async ({ skip }) => {
        const stores = [await options.makeStore(), await options.makeStore(), await options.makeStore()];
        if (!stores[0]?.lock)
          skip('this store has no lock: refreshes are single-flight within a process only');
        const key = freshKey();
        let inside = 0;
        let most = 0;
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, index) =>
            (stores[index % stores.length] as TokenStore).lock?.(key, async () => {
              inside++;
              most = Math.max(most, inside);
              await sleep(5);
              inside--;
              return index;
            }),
          ),
        );
        expect(most).toBe(1);
        expect(results).toEqual(Array.from({ length: 12 }, (_, index) => index));
      });

      it('is released when fn throws, and the error is fn’s', async ({ skip }) => {
        const [store, other] = [await options.makeStore(), await options.makeStore()];
        if (!store.lock || !other.lock) return skip('this store has no lock');
        const key = freshKey();
        const failure = new Error('fn failed');
        await expect(store.lock(key, async () => Promise.reject(failure))).rejects.toBe(failure);
        const started = Date.now();
        expect(await other.lock(key, async () => 'next')).toBe('next');
        // Released, not left to expire (the stores here keep a lock 10 s past a holder that died).
        expect(Date.now() - started).toBeLessThan(5_000);
      });

      /** A holder that loses its lock while it works, and a next holder that takes it meanwhile. */
      async function lostLock(nextWrites: boolean) {
        const expireLock = options.expireLock as (key: string) => Promise<void>;
        const [slow, next] = [await options.makeStore(), await options.makeStore()];
        const key = freshKey();
        await slow.set(key, tokens(0));
        let slowWrite: unknown;
        let lose: () => void = () => undefined;
        const lost = new Promise<void>((resolve) => (lose = resolve));
        let resume: () => void = () => undefined;
        const resumed = new Promise<void>((resolve) => (resume = resolve));
        const slowHolder = slow.lock?.(key, async () => {
          lose();
          await resumed;
          slowWrite = await outcome(slow.set(key, tokens(1)));
        });
        await lost;
        await expireLock(key);
        await next.lock?.(key, async () => {
          if (nextWrites) await next.set(key, tokens(2), { replaces: tokens(0) });
          // The old holder wakes while the next one holds the lock.
          resume();
          await slowHolder?.catch(() => undefined);
        });
        return { slowWrite, stored: await next.get(key) };
      }

      it('fences: a holder that lost its lock cannot overwrite what the next holder wrote', async ({
        skip,
      }) => {
        if (!options.expireLock || !(await options.makeStore()).lock)
          return skip('this store’s lock cannot be lost by a live holder');
        const { slowWrite, stored } = await lostLock(true);
        expectSuperseded(slowWrite);
        expect(stored).toEqual(tokens(2));
      });

      it('fences: a holder that lost its lock cannot write at all, even before the next holder does', async ({
        skip,
      }) => {
        if (!options.expireLock || !(await options.makeStore()).lock)
          return skip('this store’s lock cannot be lost by a live holder');
        const { slowWrite, stored } = await lostLock(false);
        expectSuperseded(slowWrite);
        expect(stored).toEqual(tokens(0));
      });
    });
  });
}
