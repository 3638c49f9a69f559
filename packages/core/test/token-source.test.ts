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
});
