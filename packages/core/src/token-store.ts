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
 * Where token sets live between requests and processes. One key per (OAuth client, account): one Atlassian
 * consent shares one token pair across Jira and Confluence, so two products must not keep two copies.
 */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined>;
  /** Must not resolve before the pair is durably saved: a rotated refresh token that is lost forces re-consent. */
  set(key: string, tokens: TokenSet): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` while holding a lock on `key` shared by every process using this store, so only one refreshes.
   * Stores without one still get single-flight refresh within a process.
   *
   * A lock that can expire under a slow holder should fence: a `set` made inside `fn` after another process took
   * the lock and wrote rejects with a {@link TokenStoreError} whose `superseded` is true, and the token source then
   * uses the stored set instead. The store contract suite (`@jira-auth/store-contract`) checks all of this.
   */
  lock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * The store key for a token set: `jira-auth:<provider>:<clientId>:<account>`.
 * @param provider `atlassian` for Cloud, or the Data Center origin.
 */
export function tokenKey(provider: string, clientId: string, account: string): string {
  return `jira-auth:${provider}:${clientId}:${account}`;
}

/** Token sets in this process's memory: the default, lost on exit. */
export function memoryStore(): TokenStore {
  const tokens = new Map<string, TokenSet>();
  return {
    async get(key) {
      return tokens.get(key);
    },
    async set(key, value) {
      tokens.set(key, value);
    },
    async delete(key) {
      tokens.delete(key);
    },
  };
}
