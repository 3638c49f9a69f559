import {
  CredentialRejectedError,
  JiraAuthError,
  type JiraAuthErrorCode,
  RefreshFailedError,
  TokenStoreError,
} from '../errors.js';
import { abortable, SHARED_WORK_TIMEOUT_MS } from '../in-flight.js';
import type { UnauthorizedDecision } from '../strategy.js';
import { memoryStore, type TokenSet, type TokenStore } from '../token-store.js';
import { refreshError, TokenEndpointRefusal } from './token-endpoint.js';

/** Called after new tokens are saved and before any request uses them. Awaited: persist here safely. */
export type OnTokens = (tokens: TokenSet, context: { readonly key: string }) => void | Promise<void>;

export interface TokenSourceOptions {
  readonly key: string;
  /** @default memoryStore() */
  readonly store?: TokenStore | undefined;
  /** Tokens to start from when the store has none under `key`. */
  readonly initial?: TokenSet | undefined;
  /**
   * Gets a new token set: from `current`'s refresh token, or a fresh client-credentials grant. `signal` is the
   * renewal's own timeout, never a caller's: the renewal is shared by every waiting request.
   */
  readonly renew: (current: TokenSet | undefined, signal: AbortSignal) => Promise<TokenSet>;
  /**
   * What to do when nothing is stored (authorization-code tokens must come from the flow). Undefined: `renew` can
   * start from nothing (client credentials).
   */
  readonly whenEmpty?: string | undefined;
  /** Renew this many seconds before expiry. @default 60 */
  readonly refreshSkew?: number | undefined;
  /** @default Date.now */
  readonly now?: (() => number) | undefined;
  readonly onTokens?: OnTokens | undefined;
  /** How long one renewal may take before it is abandoned. @default 30_000 */
  readonly timeoutMs?: number | undefined;
  /** Where renewals, failures and lock waits are reported (see `observe`). */
  readonly onEvent?: ((event: SourceEvent) => void) | undefined;
}

/** What a token source reports; the strategy adds its kind. */
export type SourceEvent =
  | { type: 'token-renewed'; expiresAt: number; scope: readonly string[] }
  | { type: 'renewal-failed'; code: JiraAuthErrorCode | undefined; reauthorize: boolean }
  | { type: 'lock-waited'; key: string; waitedMs: number };

/** Seconds before expiry at which tokens are renewed. */
export const DEFAULT_REFRESH_SKEW = 60;

/** A 401 on a token this young is not a stale token: renewing again would only loop. */
const JUST_RENEWED_MS = 30_000;

/**
 * Keeps one token set fresh for one key: proactive renewal before expiry, one renewal in flight at a time
 * (single-flight), the new pair saved and announced before any request uses it, and recovery from a rotation
 * done by another process.
 */
export class TokenSource {
  readonly #options: Required<
    Pick<TokenSourceOptions, 'key' | 'store' | 'renew' | 'refreshSkew' | 'now' | 'timeoutMs'>
  > &
    Pick<TokenSourceOptions, 'initial' | 'whenEmpty' | 'onTokens' | 'onEvent'>;
  #cached: TokenSet | undefined;
  /** A renewed pair the store failed to save: kept, and saved again before anything else. */
  #unsaved: TokenSet | undefined;
  #inflight: Promise<TokenSet> | undefined;
  /** The first read of the store (and save of the initial tokens), shared by every caller that comes meanwhile. */
  #loading: Promise<TokenSet | undefined> | undefined;
  /** The access token a 401 proved stale. */
  #staleAccessToken: string | undefined;
  #renewedAt: number | undefined;

  constructor(options: TokenSourceOptions) {
    this.#options = {
      ...options,
      store: options.store ?? memoryStore(),
      refreshSkew: options.refreshSkew ?? DEFAULT_REFRESH_SKEW,
      now: options.now ?? Date.now,
      timeoutMs: options.timeoutMs ?? SHARED_WORK_TIMEOUT_MS,
    };
  }

  /**
   * A token that is valid for at least the refresh skew, renewing it first when needed. `signal` lets this caller
   * stop waiting; the shared load and renewal go on for the others, and a renewed pair is still saved.
   */
  async current(signal?: AbortSignal): Promise<TokenSet> {
    signal?.throwIfAborted();
    if (this.#unsaved) await abortable(this.#save(this.#unsaved), signal);
    const tokens = this.#cached ?? (await abortable(this.#loadOnce(), signal));
    if (tokens && this.#isUsable(tokens)) return tokens;
    return abortable(this.#renewOnce(tokens), signal);
  }

  /**
   * The cached token set when it can be used as it is (saved, not stale, not due for renewal); undefined when
   * {@link current} has work to do. Lets the common case skip a wait.
   */
  ready(): TokenSet | undefined {
    const tokens = this.#cached;
    return tokens && !this.#unsaved && this.#isUsable(tokens) ? tokens : undefined;
  }

  /** The 401 answer to a request that carried `sentAccessToken`. */
  async unauthorized(sentAccessToken: string | undefined): Promise<UnauthorizedDecision> {
    const current = this.#cached;
    if (current && sentAccessToken !== undefined && sentAccessToken !== current.accessToken) {
      // Another request renewed since this one was sent: retry with the current token, renew nothing.
      return { retry: true };
    }
    if (this.#inflight) return { retry: true };
    // Stryker disable next-line ConditionalExpression,LogicalOperator: `current` is equivalent, a renewal time is only ever set with a pair cached
    if (current && this.#renewedAt !== undefined && this.#options.now() - this.#renewedAt < JUST_RENEWED_MS) {
      return {
        retry: false,
        error: new CredentialRejectedError(
          'Jira rejected an access token issued moments ago: check that the app (or service account) still has access to this site',
        ),
      };
    }
    this.#staleAccessToken = current?.accessToken;
    return { retry: true };
  }

  #isUsable(tokens: TokenSet): boolean {
    if (tokens.accessToken === this.#staleAccessToken) return false;
    return tokens.expiresAt - this.#options.refreshSkew * 1000 > this.#options.now();
  }

  #loadOnce(): Promise<TokenSet | undefined> {
    if (!this.#loading) {
      const loading = this.#load().finally(() => {
        this.#loading = undefined;
      });
      loading.catch(() => undefined);
      this.#loading = loading;
    }
    return this.#loading;
  }

  async #load(): Promise<TokenSet | undefined> {
    const stored = await this.#read();
    if (stored) return stored;
    const initial = this.#options.initial;
    if (initial) {
      // The application gave these: saved, not announced back to it.
      await this.#save(initial, false);
      return initial;
    }
    return undefined;
  }

  async #read(): Promise<TokenSet | undefined> {
    const stored = await this.#options.store.get(this.#options.key);
    if (stored) this.#cached = stored;
    return stored;
  }

  #renewOnce(stale: TokenSet | undefined): Promise<TokenSet> {
    // A caller that read `stale` before another caller's renewal ended takes that renewal's pair.
    const cached = this.#cached;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral,EqualityOperator: defensive, so equivalent: a caller reaches here with a pair other than the cached one only in the turn its load ends, and no renewal can end in that turn
    if (!this.#inflight && cached && cached !== stale && this.#isUsable(cached))
      return Promise.resolve(cached);
    if (!this.#inflight) {
      const signal = AbortSignal.timeout(this.#options.timeoutMs);
      const inflight = this.#locked(() => this.#renew(stale, signal)).then(
        (tokens) => {
          this.#inflight = undefined;
          this.#options.onEvent?.({
            type: 'token-renewed',
            expiresAt: tokens.expiresAt,
            scope: tokens.scope,
          });
          return tokens;
        },
        (error: unknown) => {
          this.#inflight = undefined;
          const known = JiraAuthError.isInstance(error) ? error : undefined;
          this.#options.onEvent?.({
            type: 'renewal-failed',
            code: known?.code,
            reauthorize: (known as { reauthorize?: boolean } | undefined)?.reauthorize === true,
          });
          throw error;
        },
      );
      // Every waiting request may have given up; the renewal still completes and saves. Its failure is seen by
      // whoever still waits, never as an unhandled rejection.
      inflight.catch(() => undefined);
      this.#inflight = inflight;
    }
    return this.#inflight;
  }

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    const { store, key, onEvent } = this.#options;
    if (!store.lock) return fn();
    const asked = Date.now();
    return store.lock(key, () => {
      const waitedMs = Date.now() - asked;
      if (waitedMs > 0) onEvent?.({ type: 'lock-waited', key, waitedMs });
      return fn();
    });
  }

  async #renew(stale: TokenSet | undefined, signal: AbortSignal): Promise<TokenSet> {
    const { store } = this.#options;
    let base = stale;
    if (store.lock) {
      // Under the lock, another process may have renewed while this one waited.
      const latest = await this.#read();
      // Stryker disable next-line ConditionalExpression: `accessToken !==` is equivalent, the pair being renewed is never usable (that is why it is renewed)
      if (latest && latest.accessToken !== stale?.accessToken && this.#isUsable(latest)) return latest;
      base = latest ?? stale;
    }
    if (!base && this.#options.whenEmpty !== undefined) {
      throw new RefreshFailedError(
        `no tokens are stored under ${this.#options.key}: ${this.#options.whenEmpty}`,
        {
          reauthorize: true,
        },
      );
    }
    let next: TokenSet;
    try {
      next = await this.#options.renew(base, signal);
    } catch (error) {
      const recovered = await this.#recover(error, base, signal);
      if (recovered.fromStore) return recovered.tokens;
      next = recovered.tokens;
    }
    const merged: TokenSet =
      next.refreshToken === undefined && base?.refreshToken !== undefined
        ? // Atlassian has answered refreshes without refresh_token: keep the stored one, never erase it.
          { ...next, refreshToken: base.refreshToken }
        : next;
    this.#renewedAt = this.#options.now();
    this.#staleAccessToken = undefined;
    try {
      await this.#save(merged);
    } catch (error) {
      // Our lock expired while we renewed and another process saved a newer set: that one is the family's head.
      const superseded = TokenStoreError.isInstance(error) && error.superseded;
      const latest = superseded ? await this.#read() : undefined;
      if (latest) return latest;
      throw error;
    }
    return merged;
  }

  /** invalid_grant: another process may have rotated the pair. Re-read the store once before giving up. */
  async #recover(
    error: unknown,
    base: TokenSet | undefined,
    signal: AbortSignal,
  ): Promise<{ tokens: TokenSet; fromStore: boolean }> {
    const invalidGrant = error instanceof TokenEndpointRefusal && error.oauthError === 'invalid_grant';
    if (!invalidGrant || !base?.refreshToken) throw refreshError(error, 'renew the access token');
    const latest = await this.#read();
    if (!latest || latest.refreshToken === base.refreshToken)
      throw refreshError(error, 'renew the access token');
    if (this.#isUsable(latest)) return { tokens: latest, fromStore: true };
    try {
      return { tokens: await this.#options.renew(latest, signal), fromStore: false };
    } catch (again) {
      throw refreshError(again, 'renew the access token');
    }
  }

  /** Saves, then announces, then caches: no request sees a pair that is not persisted. */
  async #save(tokens: TokenSet, announce = true): Promise<void> {
    const { store, key, onTokens } = this.#options;
    try {
      await store.set(key, tokens);
    } catch (cause) {
      // Fenced out: a newer set is stored, so this one must be neither kept nor saved again.
      if (TokenStoreError.isInstance(cause) && cause.superseded) throw cause;
      this.#unsaved = tokens;
      this.#cached = tokens;
      throw new TokenStoreError(
        `could not save new tokens under ${key} (kept in memory, saved on the next request): fix the store before a rotated refresh token is lost`,
        { cause },
      );
    }
    this.#unsaved = undefined;
    if (onTokens && announce) await onTokens(tokens, { key });
    this.#cached = tokens;
  }
}

/** The access token in an `Authorization: Bearer` header. */
export function bearerOf(headers: Headers | undefined): string | undefined {
  // Stryker disable next-line StringLiteral: equivalent, any text without "Bearer " reads as no token
  return /^Bearer\s+(\S+)$/i.exec(headers?.get('authorization') ?? '')?.[1];
}
