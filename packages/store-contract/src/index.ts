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
   * Makes a store whose lock expires after `ttlMs` even while its holder still works, for the fencing case. Omit it
   * for stores whose lock cannot be lost by a live holder (a heartbeat, a database session).
   */
  makeStoreWithLockTtl?: (ttlMs: number) => TokenStore | Promise<TokenStore>;
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
        // Released, not left to expire.
        expect(Date.now() - started).toBeLessThan(1_000);
      });

      it('fences: a holder whose lock expired cannot overwrite what the next holder wrote', async ({
        skip,
      }) => {
        if (!options.makeStoreWithLockTtl) return skip('this store’s lock cannot be lost by a live holder');
        const [slow, next] = [
          await options.makeStoreWithLockTtl(300),
          await options.makeStoreWithLockTtl(300),
        ];
        const key = freshKey();
        await slow.set(key, tokens(0));
        let slowWrite: unknown;
        const slowHolder = slow.lock?.(key, async () => {
          await sleep(900);
          slowWrite = await slow.set(key, tokens(1)).catch((error: unknown) => error);
        });
        await sleep(500);
        await next.lock?.(key, async () => {
          await next.set(key, tokens(2));
        });
        await slowHolder?.catch(() => undefined);
        expect(TokenStoreError.isInstance(slowWrite)).toBe(true);
        expect(slowWrite).toMatchObject({ superseded: true });
        expect(await next.get(key)).toEqual(tokens(2));
      });
    });
  });
}
