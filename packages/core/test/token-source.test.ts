// TokenSource, directly: the rules that keep a token family alive, each as a user of a store would see it. `renew`
// is the source's own extension point (what a grant does), given here as the sequence of pairs a server would give.

import { describe, expect, it } from 'vitest';
import {
  CredentialRejectedError,
  memoryStore,
  RefreshFailedError,
  type TokenSet,
  type TokenStore,
  TokenStoreError,
} from '../src/index.js';
import { TokenEndpointRefusal } from '../src/oauth/token-endpoint.js';
import { bearerOf, type SourceEvent, TokenSource } from '../src/oauth/token-source.js';
import type { LockHeld } from '../src/types.js';

const HOUR = 3_600_000;
/** A token pair; `refreshToken: null` for an answer without one. */
const pair = (
  name: string,
  expiresAt: number,
  refreshToken: string | null = `refresh-${name}`,
): TokenSet => ({
  accessToken: `access-${name}`,
  ...(refreshToken === null ? {} : { refreshToken }),
  expiresAt,
  scope: ['read:jira-user'],
  tokenType: 'Bearer',
});

/** A clock the test moves, and a renew that hands out the next pair and counts the calls. */
function setup(options: { initial?: TokenSet; store?: ReturnType<typeof memoryStore> } = {}) {
  let now = 1_000_000;
  const renewed: (TokenSet | undefined)[] = [];
  const source = new TokenSource({
    key: 'k',
    store: options.store ?? memoryStore(),
    ...(options.initial ? { initial: options.initial } : {}),
    now: () => now,
    renew: async (current) => {
      renewed.push(current);
      return pair(`renewed-${renewed.length}`, now + HOUR);
    },
  });
  return { source, renewed, advance: (ms: number) => (now += ms), at: () => now };
}

describe('TokenSource', () => {
  it('the application-given tokens do not overwrite a newer pair the store already holds', async () => {
    const store = memoryStore();
    const stored = pair('stored', 1_000_000 + HOUR);
    await store.set('k', stored);
    const { source, renewed } = setup({ store, initial: pair('given', 1_000_000 + HOUR) });
    expect((await source.current()).accessToken).toBe('access-stored');
    expect(await store.get('k')).toEqual(stored);
    expect(renewed).toEqual([]);
  });

  it('a 401 just after a renewal is final; one long after it renews again', async () => {
    const { source, renewed, advance } = setup({ initial: pair('given', 0) });
    const first = await source.current();
    expect(renewed).toHaveLength(1);
    const soon = await source.unauthorized(first.accessToken);
    expect(soon.retry).toBe(false);
    expect(CredentialRejectedError.isInstance(soon.retry ? undefined : soon.error)).toBe(true);
    advance(31_000);
    expect(await source.unauthorized(first.accessToken)).toEqual({ retry: true });
    const second = await source.current();
    expect(renewed).toHaveLength(2);
    expect(second.accessToken).not.toBe(first.accessToken);
  });

  it('a pair the store failed to save is saved again before anything else, and not renewed again', async () => {
    const inner = memoryStore();
    let failures = 1;
    const saves: string[] = [];
    const store = {
      ...inner,
      async set(key: string, tokens: TokenSet) {
        saves.push(tokens.accessToken);
        if (failures-- > 0) throw new Error('disk full');
        await inner.set(key, tokens);
      },
    };
    const { source, renewed } = setup({ store, initial: pair('given', 0) });
    // The initial pair is saved (the first save fails), then renewed.
    const failed = await source.current().catch((error: unknown) => error);
    expect(TokenStoreError.isInstance(failed)).toBe(true);
    const tokens = await source.current();
    expect(saves[0]).toBe('access-given');
    expect(saves[1]).toBe('access-given');
    expect(await inner.get('k')).toEqual(tokens);
    expect(renewed).toHaveLength(1);
  });

  it('a renewal without a refresh token keeps the stored one', async () => {
    const store = memoryStore();
    const now = 1_000_000;
    const source = new TokenSource({
      key: 'k',
      store,
      initial: pair('given', 0, 'the-refresh-token'),
      now: () => now,
      renew: async () => pair('renewed', now + HOUR, null),
    });
    const renewed = await source.current();
    expect(renewed.accessToken).toBe('access-renewed');
    expect(renewed.refreshToken).toBe('the-refresh-token');
    expect((await store.get('k'))?.refreshToken).toBe('the-refresh-token');
  });

  it('under the store lock, a pair another process renewed meanwhile is taken instead of renewing again', async () => {
    const inner = memoryStore();
    let locks = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // One store shared by two processes; the first to ask for the lock waits while the second holds it.
    const store = {
      ...inner,
      lock: async <T>(_key: string, fn: () => Promise<T>) => {
        if (locks++ === 0) await held;
        return fn();
      },
    };
    const expired = pair('given', 0);
    const first = setup({ store, initial: expired });
    const second = setup({ store, initial: expired });
    const waiting = first.source.current();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(locks).toBe(1);
    const renewedBySecond = await second.source.current();
    expect(second.renewed).toHaveLength(1);
    release();
    expect(await waiting).toEqual(renewedBySecond);
    expect(first.renewed).toEqual([]);
    expect(await inner.get('k')).toEqual(renewedBySecond);
  });

  it('a 401 that arrives while a renewal is in flight retries (with the new token), even just after a renewal', async () => {
    let now = 1_000_000;
    let release: () => void = () => undefined;
    let count = 0;
    const source = new TokenSource({
      key: 'k',
      initial: pair('given', 0),
      now: () => now,
      // The first renewal gives a pair due for renewal at once; the second waits to be released.
      renew: async () => {
        count++;
        if (count === 2) await new Promise<void>((resolve) => (release = resolve));
        return pair(`renewed-${count}`, count === 1 ? now + 30_000 : now + HOUR);
      },
    });
    const soonStale = await source.current();
    now += 1_000;
    const renewing = source.current();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await source.unauthorized(soonStale.accessToken)).toEqual({ retry: true });
    release();
    expect((await renewing).accessToken).toBe('access-renewed-2');
    expect((await source.current()).accessToken).toBe('access-renewed-2');
    expect(count).toBe(2);
  });

  it('ready() hands out a usable cached token without a wait, and nothing while a renewal or a save is due', async () => {
    const { source, advance } = setup({ initial: pair('given', 1_000_000 + HOUR) });
    expect(source.ready()).toBeUndefined();
    const tokens = await source.current();
    expect(source.ready()).toBe(tokens);
    advance(HOUR - 60_000);
    expect(source.ready()).toBeUndefined();
  });

  it('a token is renewed once it is within the skew of its expiry, not a millisecond later', async () => {
    const { source, renewed, advance } = setup({ initial: pair('given', 1_000_000 + 120_000) });
    await source.current();
    advance(59_999);
    await source.current();
    expect(renewed).toHaveLength(0);
    advance(1);
    await source.current();
    expect(renewed).toHaveLength(1);
  });

  it('a 401 on a token older than the current one retries with the current one and renews nothing', async () => {
    const { source, renewed } = setup({ initial: pair('given', 0) });
    const current = await source.current();
    expect(renewed).toHaveLength(1);
    expect(await source.unauthorized('access-given')).toEqual({ retry: true });
    expect(await source.current()).toBe(current);
    expect(renewed).toHaveLength(1);
  });

  it('the just-renewed window is 30 seconds: a 401 at exactly 30 s renews again', async () => {
    const { source, renewed, advance } = setup({ initial: pair('given', 0) });
    const first = await source.current();
    advance(30_000);
    expect(await source.unauthorized(first.accessToken)).toEqual({ retry: true });
    await source.current();
    expect(renewed).toHaveLength(2);
  });

  it('with nothing stored and nothing given, an authorization-code source fails asking for consent', async () => {
    const source = new TokenSource({
      key: 'k',
      whenEmpty: 'send the user through the authorization flow',
      renew: async () => pair('never', HOUR),
    });
    const error = await source.current().catch((caught: unknown) => caught);
    expect(RefreshFailedError.isInstance(error) && error.reauthorize).toBe(true);
  });

  it('onTokens hears of each renewed pair with its key, after the store has it; a failed save keeps its cause', async () => {
    const heard: [string, string, TokenSet | undefined][] = [];
    const store = memoryStore();
    const source = new TokenSource({
      key: 'the-key',
      store,
      initial: pair('given', 0),
      now: () => 1_000_000,
      renew: async () => pair('renewed', 1_000_000 + HOUR),
      onTokens: async (tokens, { key }) => {
        heard.push([tokens.accessToken, key, await store.get(key)]);
      },
    });
    await source.current();
    expect(heard).toEqual([['access-renewed', 'the-key', pair('renewed', 1_000_000 + HOUR)]]);

    const disk = new Error('disk full');
    const failing = new TokenSource({
      key: 'k',
      store: { ...memoryStore(), set: async () => Promise.reject(disk) },
      initial: pair('given', 1_000_000 + HOUR),
      now: () => 1_000_000,
      renew: async () => pair('renewed', HOUR),
    });
    const error = await failing.current().catch((caught: unknown) => caught);
    expect(TokenStoreError.isInstance(error) && error.cause).toBe(disk);
  });

  it('a save fenced out by a newer pair takes that pair from the store, and does not keep its own', async () => {
    const inner = memoryStore();
    const newer = pair('newer', 1_000_000 + HOUR);
    let fenced = true;
    const store = {
      ...inner,
      async set(key: string, tokens: TokenSet) {
        if (fenced && tokens.accessToken === 'access-renewed-1') {
          fenced = false;
          await inner.set(key, newer);
          throw new TokenStoreError('superseded', { superseded: true });
        }
        await inner.set(key, tokens);
      },
    };
    const { source, renewed } = setup({ store, initial: pair('given', 0) });
    expect(await source.current()).toEqual(newer);
    expect(await source.current()).toEqual(newer);
    expect(renewed).toHaveLength(1);
    expect(await inner.get('k')).toEqual(newer);
  });

  describe('invalid_grant: another process may have rotated the pair', () => {
    const refusal = (oauthError: string) => new TokenEndpointRefusal(400, oauthError, undefined);
    /** A source whose renew refuses `refusals` first (one per call), then gives pairs; the store it shares. */
    function rotating(refusals: Error[], stored?: TokenSet) {
      const store = memoryStore();
      const asked: (string | undefined)[] = [];
      const announced: string[] = [];
      const now = 1_000_000;
      const source = new TokenSource({
        key: 'k',
        store,
        initial: pair('given', 0, 'refresh-given'),
        now: () => now,
        onTokens: (tokens) => {
          announced.push(tokens.accessToken);
        },
        renew: async (current) => {
          asked.push(current?.refreshToken);
          const next = refusals.shift();
          if (next) {
            if (stored) await store.set('k', stored);
            throw next;
          }
          return pair(`renewed-${asked.length}`, now + HOUR);
        },
      });
      return { source, store, asked, announced };
    }

    it('a usable pair in the store is taken as it is', async () => {
      const theirs = pair('theirs', 1_000_000 + HOUR, 'refresh-theirs');
      const { source, asked, announced } = rotating([refusal('invalid_grant')], theirs);
      expect(await source.current()).toEqual(theirs);
      expect(asked).toEqual(['refresh-given']);
      // Theirs, not ours: not announced (their process did), and not saved again.
      expect(announced).toEqual([]);
    });

    it('an expired pair in the store is renewed from its refresh token', async () => {
      const theirs = pair('theirs', 0, 'refresh-theirs');
      const { source, asked, store } = rotating([refusal('invalid_grant')], theirs);
      const tokens = await source.current();
      expect(asked).toEqual(['refresh-given', 'refresh-theirs']);
      expect(await store.get('k')).toEqual(tokens);
    });

    it('the same refresh token in the store means the family is gone: reauthorize', async () => {
      const { source, asked } = rotating([refusal('invalid_grant')]);
      const error = await source.current().catch((caught: unknown) => caught);
      expect(RefreshFailedError.isInstance(error) && error.reauthorize).toBe(true);
      expect(asked).toEqual(['refresh-given']);
    });

    it('a second refusal after the store pair fails as a refresh failure, and any other refusal is not retried', async () => {
      const theirs = pair('theirs', 0, 'refresh-theirs');
      const twice = rotating([refusal('invalid_grant'), refusal('invalid_grant')], theirs);
      const error = await twice.source.current().catch((caught: unknown) => caught);
      expect(RefreshFailedError.isInstance(error)).toBe(true);
      expect(twice.asked).toEqual(['refresh-given', 'refresh-theirs']);
      const other = rotating([refusal('invalid_client')], theirs);
      const failed = await other.source.current().catch((caught: unknown) => caught);
      expect(RefreshFailedError.isInstance(failed)).toBe(true);
      expect(other.asked).toEqual(['refresh-given']);
    });

    it('a renewal that fails is reported with its code and whether to reauthorize', async () => {
      const events: unknown[] = [];
      const source = new TokenSource({
        key: 'k',
        initial: pair('given', 0, 'refresh-given'),
        now: () => 1_000_000,
        renew: async () => Promise.reject(refusal('invalid_grant')),
        onEvent: (event) => events.push(event),
      });
      await source.current().catch(() => undefined);
      expect(events).toEqual([
        { type: 'renewal-failed', code: 'JIRA_AUTH_REFRESH_FAILED', reauthorize: true },
      ]);
      const plain = new TokenSource({
        key: 'k',
        initial: pair('given', 0),
        now: () => 1_000_000,
        renew: async () => Promise.reject(new Error('socket hang up')),
        onEvent: (event) => events.push(event),
      });
      await plain.current().catch(() => undefined);
      expect(events[1]).toEqual({
        type: 'renewal-failed',
        code: 'JIRA_AUTH_REFRESH_FAILED',
        reauthorize: false,
      });
    });
  });
});

describe('compare-and-set saves: a rotated-out pair never comes back', () => {
  /** Two processes on one store with a lock; `late` makes the first's next save time out and land afterwards. */
  function twoProcesses() {
    const inner = memoryStore();
    let now = 1_000_000;
    let queue: Promise<unknown> = Promise.resolve();
    const lock = <T>(_key: string, fn: () => Promise<T>): Promise<T> => {
      const run = queue.then(fn, fn);
      queue = run.catch(() => undefined);
      return run;
    };
    let landLate: (() => Promise<void>) | undefined;
    let stallNext = false;
    const stalling: TokenStore = {
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      lock,
      set: async (key, tokens, condition) => {
        if (!stallNext) return inner.set(key, tokens, condition);
        stallNext = false;
        // The command was sent: it runs when the store answers again, after the caller gave up on it.
        landLate = () => inner.set(key, tokens, condition);
        throw new Error('no answer within 5000 ms (commandTimeoutMs)');
      },
    };
    const used: Record<'a' | 'b', string[]> = { a: [], b: [] };
    let issued = 0;
    const source = (name: 'a' | 'b', store: TokenStore) =>
      new TokenSource({
        key: 'k',
        store,
        whenEmpty: 'authorize again',
        now: () => now,
        renew: async (current) => {
          used[name].push(current?.refreshToken ?? 'none');
          issued++;
          return pair(`r${issued + 1}`, now + HOUR);
        },
      });
    return {
      inner,
      a: source('a', stalling),
      b: source('b', { ...inner, lock }),
      used,
      stall: () => {
        stallNext = true;
      },
      land: () => landLate?.(),
      advance: (ms: number) => (now += ms),
      at: () => now,
    };
  }

  it('a save that timed out and landed late, then a rotation by another process: the late pair is never saved again', async () => {
    const world = twoProcesses();
    await world.inner.set('k', pair('r1', world.at() - 1));
    // Process A rotates r1 to r2; its save times out, and lands once the store answers again.
    world.stall();
    await expect(world.a.current()).rejects.toMatchObject({ code: 'JIRA_AUTH_TOKEN_STORE' });
    await world.land();
    expect((await world.inner.get('k'))?.refreshToken).toBe('refresh-r2');
    // The next expiry: process B rotates r2 to r3 and saves it.
    world.advance(HOUR);
    expect((await world.b.current()).refreshToken).toBe('refresh-r3');
    // A, idle for a long while, comes back: it neither saves its r2 over r3 nor refreshes with r2.
    world.advance(20 * 60_000);
    expect((await world.a.current()).refreshToken).toBe('refresh-r3');
    expect((await world.inner.get('k'))?.refreshToken).toBe('refresh-r3');
    expect(world.used).toEqual({ a: ['refresh-r1'], b: ['refresh-r2'] });
  });

  it('a save that timed out and never landed is saved again under the lock, while the store still holds its base', async () => {
    const world = twoProcesses();
    await world.inner.set('k', pair('r1', world.at() - 1));
    world.stall();
    await expect(world.a.current()).rejects.toMatchObject({ code: 'JIRA_AUTH_TOKEN_STORE' });
    // Nothing landed: the store still holds r1, so A's r2 is the family's head and is saved now.
    expect((await world.a.current()).refreshToken).toBe('refresh-r2');
    expect((await world.inner.get('k'))?.refreshToken).toBe('refresh-r2');
    expect(world.used).toEqual({ a: ['refresh-r1'], b: [] });
  });

  it('an unsaved pair is dropped for a newer one another process saved, even when that one is due for renewal', async () => {
    const world = twoProcesses();
    await world.inner.set('k', pair('r1', world.at() - 1));
    world.stall();
    await expect(world.a.current()).rejects.toMatchObject({ code: 'JIRA_AUTH_TOKEN_STORE' });
    // B never saw r2 (it did not land) and rotates r1 itself, within the reuse interval.
    expect((await world.b.current()).refreshToken).toBe('refresh-r3');
    world.advance(HOUR);
    // A drops r2 and renews from what the store holds.
    expect((await world.a.current()).refreshToken).toBe('refresh-r4');
    expect(world.used).toEqual({ a: ['refresh-r1', 'refresh-r3'], b: ['refresh-r1'] });
    expect((await world.inner.get('k'))?.refreshToken).toBe('refresh-r4');
  });

  it('a store that still fails: the kept pair is not renewed again, and the request fails with the store error', async () => {
    const world = twoProcesses();
    await world.inner.set('k', pair('r1', world.at() - 1));
    world.stall();
    await expect(world.a.current()).rejects.toMatchObject({ code: 'JIRA_AUTH_TOKEN_STORE' });
    world.stall();
    await expect(world.a.current()).rejects.toMatchObject({ code: 'JIRA_AUTH_TOKEN_STORE' });
    // Still one rotation: the kept r2 is the family's head, never r1 again.
    expect(world.used).toEqual({ a: ['refresh-r1'], b: [] });
    expect((await world.a.current()).refreshToken).toBe('refresh-r2');
  });

  it('a kept pair whose set was deleted since (a logout) is dropped: not used, not saved', async () => {
    const world = twoProcesses();
    await world.inner.set('k', pair('r1', world.at() - 1));
    world.stall();
    await expect(world.a.current()).rejects.toMatchObject({ code: 'JIRA_AUTH_TOKEN_STORE' });
    await world.inner.delete('k');
    await expect(world.a.current()).rejects.toMatchObject({
      code: 'JIRA_AUTH_REFRESH_FAILED',
      reauthorize: true,
    });
    expect(world.a.ready()).toBeUndefined();
    await expect(world.a.current()).rejects.toMatchObject({ code: 'JIRA_AUTH_REFRESH_FAILED' });
    expect(await world.inner.get('k')).toBeUndefined();
    expect(world.used).toEqual({ a: ['refresh-r1'], b: [] });
  });

  it('the initial tokens are saved only while nothing is stored: a set stored meanwhile wins', async () => {
    const inner = memoryStore();
    const store: TokenStore = {
      ...inner,
      get: async (key) => {
        const read = await inner.get(key);
        // Another process stores its set between this one's read and its save.
        await inner.set(key, pair('theirs', 1_000_000 + HOUR));
        return read;
      },
    };
    const { source } = setup({ store, initial: pair('given', 1_000_000 + HOUR) });
    expect((await source.current()).accessToken).toBe('access-theirs');
    expect((await inner.get('k'))?.accessToken).toBe('access-theirs');
  });
});

describe('TokenSource, when things fail', () => {
  it('a 401 before anything was loaded retries, and does not throw', async () => {
    const { source } = setup({ initial: pair('given', 1_000_000 + HOUR) });
    expect(await source.unauthorized('some-token')).toEqual({ retry: true });
  });

  it('with nothing stored and nothing given, a client-credentials source gets its first pair from nothing', async () => {
    const inner = memoryStore();
    const saved: unknown[] = [];
    const store = {
      ...inner,
      set: async (key: string, tokens: TokenSet) => {
        saved.push(tokens);
        await inner.set(key, tokens);
      },
    };
    const { source, renewed } = setup({ store });
    const tokens = await source.current();
    expect(renewed).toEqual([undefined]);
    expect(tokens.accessToken).toBe('access-renewed-1');
    expect(saved).toEqual([tokens]);
  });

  it('under the lock: an unchanged stored pair is renewed; an empty store, with or without a pair in hand, too', async () => {
    const locked = (inner: ReturnType<typeof memoryStore>) => ({
      ...inner,
      lock: async <T>(_key: string, fn: () => Promise<T>) => fn(),
    });
    const unchanged = setup({ store: locked(memoryStore()), initial: pair('given', 0) });
    expect((await unchanged.source.current()).accessToken).toBe('access-renewed-1');
    expect(unchanged.renewed.map((tokens) => tokens?.refreshToken)).toEqual(['refresh-given']);

    const empty = setup({ store: locked(memoryStore()) });
    expect((await empty.source.current()).accessToken).toBe('access-renewed-1');
    expect(empty.renewed).toEqual([undefined]);

    // The stored pair was deleted after it was read (a logout elsewhere): the store is the truth under the lock, so
    // the pair in hand is not renewed (nor brought back): the renewal starts from nothing, as client credentials do.
    const inner = memoryStore();
    const deleted = setup({ store: locked(inner), initial: pair('given', 1_000_000 + 120_000) });
    await deleted.source.current();
    await inner.delete('k');
    deleted.advance(120_000);
    await deleted.source.current();
    expect(deleted.renewed).toEqual([undefined]);
  });

  it('under the lock, authorization-code tokens deleted since they were read (a logout) fail with the advice, unrenewed', async () => {
    const inner = memoryStore();
    let now = 1_000_000;
    const renewed: (TokenSet | undefined)[] = [];
    const source = new TokenSource({
      key: 'k',
      store: { ...inner, lock: async <T>(_key: string, fn: () => Promise<T>) => fn() },
      initial: pair('given', now + 120_000),
      whenEmpty: 'authorize the app again',
      now: () => now,
      renew: async (current) => {
        renewed.push(current);
        return pair('renewed', now + HOUR);
      },
    });
    await source.current();
    await inner.delete('k');
    now += 120_000;
    await expect(source.current()).rejects.toMatchObject({
      code: 'JIRA_AUTH_REFRESH_FAILED',
      reauthorize: true,
      message: expect.stringContaining('no tokens are stored under k: authorize the app again'),
    });
    expect(renewed).toEqual([]);
    expect(await inner.get('k')).toBeUndefined();
  });

  it('under the lock, a source that had no pair takes one another process stored meanwhile', async () => {
    const inner = memoryStore();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locks = 0;
    const store = {
      ...inner,
      lock: async <T>(_key: string, fn: () => Promise<T>) => {
        if (locks++ === 0) await held;
        return fn();
      },
    };
    const first = setup({ store });
    const second = setup({ store });
    const waiting = first.source.current();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const theirs = await second.source.current();
    release();
    expect(await waiting).toEqual(theirs);
    expect(first.renewed).toEqual([]);
  });

  it('a 401 on a request that carried no token marks the current one stale: the next call renews', async () => {
    const { source, renewed, advance } = setup({ initial: pair('given', 0) });
    await source.current();
    advance(60_000);
    expect(await source.unauthorized(undefined)).toEqual({ retry: true });
    await source.current();
    expect(renewed).toHaveLength(2);
  });

  it('without a lock the store is read once, when the source starts; with one, again before each renewal', async () => {
    let reads = 0;
    const counting = (lock: boolean) => {
      const inner = memoryStore();
      return {
        ...inner,
        get: (key: string) => {
          reads++;
          return inner.get(key);
        },
        ...(lock ? { lock: async <T>(_key: string, fn: () => Promise<T>) => fn() } : {}),
      };
    };
    await setup({ store: counting(false), initial: pair('given', 0) }).source.current();
    expect(reads).toBe(1);
    reads = 0;
    await setup({ store: counting(true), initial: pair('given', 0) }).source.current();
    expect(reads).toBe(2);
  });

  it('a lock wait with no listener is not reported, and does not fail', async () => {
    const store = {
      ...memoryStore(),
      lock: async <T>(_key: string, fn: () => Promise<T>) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return fn();
      },
    };
    const { source } = setup({ store, initial: pair('given', 0) });
    expect((await source.current()).accessToken).toBe('access-renewed-1');
  });

  it('after a refusal with the store emptied meanwhile, the pair in hand is renewed, and the given one not saved again', async () => {
    const inner = memoryStore();
    const saved: string[] = [];
    let refused = false;
    const store = {
      ...inner,
      set: async (key: string, tokens: TokenSet) => {
        saved.push(tokens.accessToken);
        await inner.set(key, tokens);
      },
    };
    const source = new TokenSource({
      key: 'k',
      store,
      initial: pair('given', 0, 'refresh-given'),
      now: () => 1_000_000,
      renew: async () => {
        if (!refused) {
          refused = true;
          await inner.delete('k');
          throw new TokenEndpointRefusal(400, 'invalid_grant', undefined);
        }
        return pair('renewed', 1_000_000 + HOUR);
      },
    });
    await source.current().catch(() => undefined);
    await source.current();
    expect(saved).toEqual(['access-given', 'access-renewed']);
  });

  it('a store error that only claims to be superseded is a failed save, kept for the next call', async () => {
    const inner = memoryStore();
    let failures = 1;
    const store = {
      ...inner,
      set: async (key: string, tokens: TokenSet) => {
        if (tokens.accessToken.startsWith('access-renewed') && failures-- > 0)
          throw Object.assign(new Error('not ours'), { superseded: true });
        await inner.set(key, tokens);
      },
    };
    const { source } = setup({ store, initial: pair('given', 0) });
    const error = await source.current().catch((caught: unknown) => caught);
    expect(TokenStoreError.isInstance(error)).toBe(true);
    expect((await source.current()).accessToken).toBe('access-renewed-1');
    expect((await inner.get('k'))?.accessToken).toBe('access-renewed-1');
  });

  it('a store that fails to read once is read again on the next call', async () => {
    const inner = memoryStore();
    await inner.set('k', pair('stored', 1_000_000 + HOUR));
    let failures = 1;
    const store = {
      ...inner,
      get: async (key: string) => {
        if (failures-- > 0) throw new Error('connection refused');
        return inner.get(key);
      },
    };
    const { source } = setup({ store });
    await expect(source.current()).rejects.toThrow('connection refused');
    expect((await source.current()).accessToken).toBe('access-stored');
  });

  it('a renewed pair the store cannot save fails the call, rather than handing out the stored old pair', async () => {
    const inner = memoryStore();
    await inner.set('k', pair('stored', 0));
    const store = {
      ...inner,
      set: async (key: string, tokens: TokenSet) =>
        tokens.accessToken.startsWith('access-renewed')
          ? Promise.reject(new Error('disk full'))
          : inner.set(key, tokens),
      lock: async <T>(_key: string, fn: () => Promise<T>) => fn(),
    };
    const { source } = setup({ store });
    const error = await source.current().catch((caught: unknown) => caught);
    expect(TokenStoreError.isInstance(error) && !error.superseded).toBe(true);
  });

  it('invalid_grant with no pair at all fails as a refresh failure', async () => {
    const source = new TokenSource({
      key: 'k',
      renew: async () => Promise.reject(new TokenEndpointRefusal(400, 'invalid_grant', undefined)),
    });
    const error = await source.current().catch((caught: unknown) => caught);
    expect(RefreshFailedError.isInstance(error)).toBe(true);
  });

  it('a store that fails inside a renewal reports the failure without a code, and the caller gets the store error', async () => {
    const events: unknown[] = [];
    const inner = memoryStore();
    await inner.set('k', pair('stored', 0));
    let reads = 0;
    const broken = new Error('connection reset');
    const store = {
      ...inner,
      get: async (key: string) => {
        if (reads++ > 0) throw broken;
        return inner.get(key);
      },
      lock: async <T>(_key: string, fn: () => Promise<T>) => fn(),
    };
    const source = new TokenSource({
      key: 'k',
      store,
      now: () => 1_000_000,
      renew: async () => pair('renewed', 1_000_000 + HOUR),
      onEvent: (event) => events.push(event),
    });
    expect(await source.current().catch((caught: unknown) => caught)).toBe(broken);
    expect(events).toEqual([{ type: 'renewal-failed', code: undefined, reauthorize: false }]);
  });

  it('a wait for the store lock is reported with how long it took, when the store says it was contended', async () => {
    const events: { type: string; waitedMs?: number }[] = [];
    const store = {
      ...memoryStore(),
      lock: async <T>(_key: string, fn: (held?: LockHeld) => Promise<T>) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return fn({ contended: true });
      },
    };
    const source = new TokenSource({
      key: 'k',
      store,
      initial: pair('given', 0),
      renew: async () => pair('renewed', Date.now() + HOUR),
      onEvent: (event) => events.push(event),
    });
    await source.current();
    const waited = events.find((event) => event.type === 'lock-waited');
    expect(waited?.waitedMs).toBeGreaterThanOrEqual(20);
    expect(waited?.waitedMs).toBeLessThan(10_000);
  });
});

describe('lock-waited', () => {
  const renewing = (lock: NonNullable<TokenStore['lock']>) => {
    const events: SourceEvent[] = [];
    const source = new TokenSource({
      key: 'k',
      store: { ...memoryStore(), lock },
      initial: pair('given', 0),
      renew: async () => pair('renewed', Date.now() + HOUR),
      onEvent: (event) => events.push(event),
    });
    return { events, source };
  };
  const types = (events: SourceEvent[]) => events.map((event) => event.type);

  it('is not reported for a lock the store took at once, however long taking it took', async () => {
    // A slow round trip to the store (a busy machine, a far Redis) is no wait for another holder.
    const { events, source } = renewing(async (_key, fn) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return fn({ contended: false });
    });
    await source.current();
    expect(types(events)).toEqual(['token-renewed']);
  });

  it('from a store that does not say, only after a long wait: never for a lock taken in the same turn', async () => {
    const quick = renewing(async (_key, fn) => fn());
    await quick.source.current();
    expect(types(quick.events)).toEqual(['token-renewed']);
    const slow = renewing(async (_key, fn) => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return fn();
    });
    await slow.source.current();
    expect(types(slow.events)).toEqual(['lock-waited', 'token-renewed']);
  });
});

describe('bearerOf', () => {
  it('reads the token of a Bearer header, and nothing else', () => {
    const of = (value?: string) =>
      bearerOf(value === undefined ? undefined : new Headers({ authorization: value }));
    expect(of('Bearer abc.def')).toBe('abc.def');
    expect(of('bearer   abc')).toBe('abc');
    for (const value of [undefined, 'Basic abc', 'Bearer', 'Bearer a b', 'XBearer abc', 'Bearerabc'])
      expect(of(value), String(value)).toBeUndefined();
    expect(bearerOf(new Headers())).toBeUndefined();
  });
});
