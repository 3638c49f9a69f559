import {
  CredentialRejectedError,
  JiraAuthError,
  type JiraAuthErrorCode,
  RefreshFailedError,
  TokenStoreError,
} from '../errors.js';
import { abortable, SHARED_WORK_TIMEOUT_MS } from '../in-flight.js';
import type { UnauthorizedDecision } from '../strategy.js';
import {
  type LockHeld,
  memoryStore,
  type SetCondition,
  type TokenSet,
  type TokenStore,
} from '../token-store.js';
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
  /**
   * How long one renewal may take once it holds the store's lock (waiting for the lock is bounded by the store's
   * own wait timeout, and fails with an error that names the lock). @default 30_000
   */
  readonly timeoutMs?: number | undefined;
  /** Where renewals, failures and lock waits are reported (see `observe`). */
  readonly onEvent?: ((event: SourceEvent) => void) | undefined;
}

/** What a token source reports; the strategy adds its kind. */
export type SourceEvent =
  | { type: 'token-renewed'; expiresAt: number; scope: readonly string[]; adopted: boolean }
  | { type: 'renewal-failed'; code: JiraAuthErrorCode | undefined; reauthorize: boolean }
  | { type: 'lock-waited'; key: string; waitedMs: number };

/** Seconds before expiry at which tokens are renewed. */
export const DEFAULT_REFRESH_SKEW = 60;

/**
 * From a store whose lock does not say whether it was contended, a wait this long is reported as `lock-waited`:
 * anything shorter is the store's own round trip.
 */
const LOCK_WAIT_REPORTED_MS = 100;

/** A renewed set the store did not acknowledge, and the set it was renewed from (for the compare-and-set). */
interface Unsaved {
  readonly tokens: TokenSet;
  readonly replaces: TokenSet | null;
}

const isSuperseded = (error: unknown) => TokenStoreError.isInstance(error) && error.superseded;

/** A 401 on a token this young is not a stale token: renewing again would only loop. */
const JUST_RENEWED_MS = 30_000;

/**
 * Keeps one token set fresh for one key: proactive renewal before expiry, one renewal in flight at a time
 * (single-flight), the new pair saved and announced before any request uses it, and recovery from a rotation
 * done by another process.
 */
export class TokenSource {
  readonly #options: TokenSourceOptions & {
    readonly store: TokenStore;
    readonly refreshSkew: number;
    readonly now: () => number;
    readonly timeoutMs: number;
  };
  #cached: TokenSet | undefined;
  /**
   * A renewed pair the store failed to save: used by nothing until it is saved again, under the lock and only while
   * the store still holds the set it was renewed from; dropped for the stored one when another process saved since.
   */
  #unsaved: Unsaved | undefined;
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
    // An unsaved pair goes through the renewal's single flight: saved again under the lock, or dropped.
    if (this.#unsaved) return abortable(this.#renewOnce(this.#cached), signal);
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
      // The application gave these: saved only while nothing is stored, and not announced back to it.
      try {
        await this.#save(initial, { replaces: null }, false);
      } catch (error) {
        // Another process stored a set meanwhile: that one is the family's head.
        return this.#storedInstead(error);
      }
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
    if (!this.#inflight && cached && cached !== stale && this.#isUsable(cached))
      return Promise.resolve(cached);
    if (!this.#inflight) {
      // The renewal's time counts from holding the lock: a wait for another holder is the store's to bound.
      const inflight = this.#locked(() =>
        this.#renew(stale, AbortSignal.timeout(this.#options.timeoutMs)),
      ).then(
        ({ tokens, adopted }) => {
          this.#inflight = undefined;
          this.#options.onEvent?.({
            type: 'token-renewed',
            expiresAt: tokens.expiresAt,
            scope: tokens.scope,
            adopted,
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
    return store.lock(key, (held?: LockHeld) => {
      const waitedMs = Date.now() - asked;
      const waited = held ? held.contended : waitedMs >= LOCK_WAIT_REPORTED_MS;
      if (waited) onEvent?.({ type: 'lock-waited', key, waitedMs });
      return fn();
    });
  }

  /**
   * A usable pair, and whether it was adopted: another process's, from the store, with no token request made here
   * for it (what `token-renewed` tells, so that its events count this process's token requests).
   */
  async #renew(
    stale: TokenSet | undefined,
    signal: AbortSignal,
  ): Promise<{ tokens: TokenSet; adopted: boolean }> {
    const { store } = this.#options;
    let base = stale;
    if (this.#unsaved) {
      const unsaved = this.#unsaved.tokens;
      const saved = await this.#saveUnsaved(this.#unsaved);
      if (saved && this.#isUsable(saved)) return { tokens: saved, adopted: saved !== unsaved };
      base = saved;
    } else if (store.lock) {
      // Under the lock, another process may have renewed while this one waited.
      const latest = await this.#read();
      if (latest && latest.accessToken !== stale?.accessToken && this.#isUsable(latest))
        return { tokens: latest, adopted: true };
      // The store is the truth under the lock: a pair deleted since it was read (a logout) is not renewed.
      base = latest;
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
      if (recovered.fromStore) return { tokens: recovered.tokens, adopted: true };
      next = recovered.tokens;
      base = recovered.from;
    }
    const merged: TokenSet =
      next.refreshToken === undefined && base?.refreshToken !== undefined
        ? // Atlassian has answered refreshes without refresh_token: keep the stored one, never erase it.
          { ...next, refreshToken: base.refreshToken }
        : next;
    this.#renewedAt = this.#options.now();
    this.#staleAccessToken = undefined;
    try {
      // Saved only while the store holds the set it was renewed from: never over a set rotated since.
      await this.#save(merged, { replaces: base ?? null });
    } catch (error) {
      // Our lock expired while we renewed, or a save of ours that timed out landed late, and another process saved
      // a newer set: that one is the family's head. (This process made a token request all the same: the one case
      // where counting `adopted: false` events counts one request short.)
      return { tokens: await this.#storedInstead(error), adopted: true };
    }
    return { tokens: merged, adopted: false };
  }

  /** After a save that failed: the stored set when the store refused it for a newer one, else the failure. */
  async #storedInstead(error: unknown): Promise<TokenSet> {
    const latest = isSuperseded(error) ? await this.#read() : undefined;
    if (latest) return latest;
    throw error;
  }

  /**
   * Under the lock: saves a pair the store did not acknowledge, while the store still holds the set it was renewed
   * from (or that pair itself: a save that timed out may have landed late). Answers the pair, or the stored set
   * when another process saved a newer one since, in which case the unsaved pair is dropped for good.
   */
  async #saveUnsaved(unsaved: Unsaved): Promise<TokenSet | undefined> {
    try {
      await this.#save(unsaved.tokens, { replaces: unsaved.replaces });
      return unsaved.tokens;
    } catch (error) {
      if (!isSuperseded(error)) throw error;
      const latest = await this.#read();
      // Deleted since (a logout): the unsaved pair must not be used either.
      if (!latest) this.#cached = undefined;
      return latest;
    }
  }

  /** invalid_grant: another process may have rotated the pair. Re-read the store once before giving up. */
  async #recover(
    error: unknown,
    base: TokenSet | undefined,
    signal: AbortSignal,
  ): Promise<{ tokens: TokenSet; fromStore: boolean; from: TokenSet }> {
    const invalidGrant = error instanceof TokenEndpointRefusal && error.oauthError === 'invalid_grant';
    if (!invalidGrant || !base?.refreshToken) throw refreshError(error, 'renew the access token');
    const latest = await this.#read();
    if (!latest || latest.refreshToken === base.refreshToken)
      throw refreshError(error, 'renew the access token');
    if (this.#isUsable(latest)) return { tokens: latest, fromStore: true, from: latest };
    try {
      return { tokens: await this.#options.renew(latest, signal), fromStore: false, from: latest };
    } catch (again) {
      throw refreshError(again, 'renew the access token');
    }
  }

  /** Saves, then announces, then caches: no request sees a pair that is not persisted. */
  async #save(tokens: TokenSet, condition: SetCondition, announce = true): Promise<void> {
    const { store, key, onTokens } = this.#options;
    try {
      await store.set(key, tokens, condition);
    } catch (cause) {
      if (isSuperseded(cause)) {
        // A newer set is stored: this one must be neither kept nor saved again.
        this.#unsaved = undefined;
        throw cause;
      }
      // Kept for the next request, which saves it again under the lock (or drops it for a newer stored set).
      this.#unsaved = { tokens, replaces: condition.replaces };
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
  return /^Bearer\s+(\S+)$/i.exec(headers?.get('authorization') ?? '')?.[1];
}
