// TokenSource, directly: the rules that keep a token family alive, each as a user of a store would see it. `renew`
// is the source's own extension point (what a grant does), given here as the sequence of pairs a server would give.
import { describe, expect, it } from 'vitest';
import { CredentialRejectedError, memoryStore, type TokenSet, TokenStoreError } from '../src/index.js';
import { TokenSource } from '../src/oauth/token-source.js';

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
});
