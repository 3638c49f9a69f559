import { TokenStoreError } from './errors.js';

/** An OAuth token pair as jira-auth keeps it. */
export interface TokenSet {
  readonly accessToken: string;
  /** Absent for client credentials; Atlassian rotates it on every refresh. */
  readonly refreshToken?: string;
  /** When the access token expires, in ms since the epoch. */
  readonly expiresAt: number;
  /** Granted scopes. */
  readonly scope: readonly string[];
  readonly tokenType: string;
}

/**
 * What a {@link TokenStore.set} may replace: a compare-and-set. A renewed set is saved only while the store still
 * holds the set it was renewed from, so a set renewed from a pair that another process has rotated since (a late
 * save, a holder that lost its lock) can never overwrite the family's newest refresh token.
 */
export interface SetCondition {
  /**
   * The set the new one was renewed from, or `null` for "only while nothing is stored". The save happens when the
   * store holds this set (same access and refresh token), or already holds the new set itself (saving again is
   * harmless); otherwise it rejects with a {@link TokenStoreError} whose `superseded` is true and changes nothing.
   */
  readonly replaces: TokenSet | null;
}

/** True when `a` and `b` are the same issued pair: the same access token and the same refresh token. */
export function sameTokenSet(a: TokenSet | undefined, b: TokenSet | undefined | null): boolean {
  return !!a && !!b && a.accessToken === b.accessToken && a.refreshToken === b.refreshToken;
}

/**
 * Whether a store holding `stored` may save `tokens` under `condition`: the check every store makes inside its
 * write (in one transaction, under one lock, or in one script), exported for authors of other stores.
 */
export function mayReplace(
  stored: TokenSet | undefined,
  tokens: TokenSet,
  condition: SetCondition | undefined,
): boolean {
  if (!condition) return true;
  if (sameTokenSet(stored, tokens)) return true;
  return condition.replaces === null ? stored === undefined : sameTokenSet(stored, condition.replaces);
}

/** The error a store throws when a compare-and-set finds a newer set stored: nothing was written. */
export function supersededError(
  key: string,
  why = 'another process saved a newer token set',
): TokenStoreError {
  return new TokenStoreError(`${why} under ${key}: this one is dropped, the newer one stands`, {
    superseded: true,
  });
}

/**
 * Where token sets live between requests and processes. One key per (OAuth client, account): one Atlassian
 * consent shares one token pair across Jira and Confluence, so two products must not keep two copies.
 */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined>;
  /**
   * Must not resolve before the pair is durably saved: a rotated refresh token that is lost forces re-consent.
   * With a `condition`, a compare-and-set: see {@link SetCondition}. Without one, the set is saved whatever is
   * stored (a fresh login).
   */
  set(key: string, tokens: TokenSet, condition?: SetCondition): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` while holding a lock on `key` shared by every process using this store, so only one refreshes.
   * Stores without one still get single-flight refresh within a process.
   *
   * A lock that can expire under a slow holder should fence: a `set` made inside `fn` after another process took
   * the lock rejects with a {@link TokenStoreError} whose `superseded` is true, and the token source then uses the
   * stored set instead. The store contract suite (`@jira-auth/store-contract`) checks all of this.
   *
   * `fn` may be told whether the lock was held by another holder when it was asked for (`contended`): the token
   * source reports a `lock-waited` event only then (or, from a store that does not say, after a long wait).
   */
  lock?<T>(key: string, fn: (held?: LockHeld) => Promise<T>): Promise<T>;
}

/**
 * The store key for a token set: `jira-auth:<provider>:<clientId>:<account>`.
 * @param provider `atlassian` for Cloud, or the Data Center origin.
 */
export function tokenKey(provider: string, clientId: string, account: string): string {
  return `jira-auth:${provider}:${clientId}:${account}`;
}

/** What a store's lock tells the function it runs. */
export interface LockHeld {
  /** True when another holder had the lock when it was asked for: this one waited for it. */
  readonly contended: boolean;
}

/** Token sets in this process's memory: the default, lost on exit. */
export function memoryStore(): TokenStore {
  const tokens = new Map<string, TokenSet>();
  return {
    async get(key) {
      return tokens.get(key);
    },
    async set(key, value, condition) {
      if (!mayReplace(tokens.get(key), value, condition)) throw supersededError(key);
      tokens.set(key, value);
    },
    async delete(key) {
      tokens.delete(key);
    },
  };
}
