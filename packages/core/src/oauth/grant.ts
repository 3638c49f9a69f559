import { ConfigurationError, RefreshFailedError } from '../errors.js';
import { type OnEvent, type Report, reporter } from '../events.js';
import { requireSecret } from '../secret.js';
import type { AuthStrategy, StrategyKind } from '../strategy.js';
import type { TokenSet, TokenStore } from '../token-store.js';
import { requestToken } from './token-endpoint.js';
import { type OnTokens, TokenSource } from './token-source.js';
import { tokenStrategy } from './token-strategy.js';

/**
 * The skeleton the four OAuth strategies share (3LO, service accounts, and both on Data Center): the client
 * checks, the token source with its store, and the grant sent to the token endpoint. Each strategy says only what
 * differs: its endpoint and body format, its grant, its store key and where its calls go.
 */

/** What every OAuth strategy takes besides its client and where its calls go. */
export interface TokenGrantOptions {
  /** Where the tokens are kept: share one store between processes and they renew once between them. @default memoryStore() */
  store?: TokenStore;
  /** Renew this many seconds before the access token expires. @default 60 */
  refreshSkew?: number;
  /**
   * How long one token request may take before it is abandoned. The renewal is shared by every waiting request and
   * runs under this timeout, not under any one request's signal. @default 30_000
   */
  timeoutMs?: number;
  /** Called, and awaited, after each renewal is saved and before any request uses it. */
  onTokens?: OnTokens;
  /** The fetch for token requests and site lookups. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The clock, in ms since the epoch. @default Date.now */
  now?: () => number;
  /** Receives what the strategy does (renewals, failures, lock waits, lookups, retries), never a secret. */
  onEvent?: OnEvent;
}

/** Where to find a client's id and secret, for the message when one is missing. */
export interface ClientAdvice {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The client id and secret, each checked (present, no control characters) with advice on where to find it. */
export function oauthClient(
  options: { clientId: string; clientSecret: string },
  advice: ClientAdvice,
): OAuthClient {
  return {
    clientId: requireSecret(options.clientId, 'clientId', advice.clientId),
    clientSecret: requireSecret(options.clientSecret, 'clientSecret', advice.clientSecret),
  };
}

/** The account the tokens belong to: part of the store key, so it must be there. */
export function requireAccount(account: unknown, what: string): string {
  if (typeof account !== 'string' || account.trim() === '') {
    throw new ConfigurationError('account', `is missing: pass ${what} the tokens belong to`);
  }
  return account;
}

/** The refresh-token grant for the current pair; without a refresh token only a new consent helps. */
export function refreshGrant(current: TokenSet | undefined, advice: string): Record<string, string> {
  if (!current?.refreshToken) {
    throw new RefreshFailedError(`the access token expired and there is no refresh token: ${advice}`, {
      reauthorize: true,
    });
  }
  return { grant_type: 'refresh_token', refresh_token: current.refreshToken };
}

export interface GrantStrategySpec {
  readonly kind: StrategyKind;
  /** What `String()` and `util.inspect` show instead of the secrets. */
  readonly description: string;
  readonly client: OAuthClient;
  /** The store key (see `tokenKey`). */
  readonly key: string;
  readonly tokenUrl: URL;
  /** Atlassian Cloud takes JSON; Data Center, a form. */
  readonly format: 'json' | 'form';
  /** The grant's own parameters (client id and secret are added), for the pair in hand. */
  readonly grant: (current: TokenSet | undefined) => Record<string, string>;
  readonly options: TokenGrantOptions & { tokens?: TokenSet | undefined };
  /** What to do when the store is empty and no tokens were given (grants that need a consent first). */
  readonly whenEmpty?: string;
  /** Where calls go (see `cloudBaseUrl`): may look up the cloudId with a token from `source`. */
  readonly baseUrl: (source: TokenSource, report: Report) => (signal?: AbortSignal) => Promise<URL>;
}

/** An OAuth strategy: a token source that renews through the grant, sending its token as Bearer. */
export function grantStrategy(spec: GrantStrategySpec): AuthStrategy {
  const { options, client } = spec;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const { report, owns } = reporter(spec.kind);
  const source = new TokenSource({
    onEvent: report,
    key: spec.key,
    store: options.store,
    initial: options.tokens,
    refreshSkew: options.refreshSkew,
    timeoutMs: options.timeoutMs,
    now,
    onTokens: options.onTokens,
    whenEmpty: spec.whenEmpty,
    renew: async (current, signal) =>
      requestToken({
        url: spec.tokenUrl,
        params: { ...spec.grant(current), client_id: client.clientId, client_secret: client.clientSecret },
        format: spec.format,
        fetch: fetchImpl,
        now,
        signal,
      }),
  });
  return owns(
    tokenStrategy({
      kind: spec.kind,
      source,
      baseUrl: spec.baseUrl(source, report),
      description: spec.description,
    }),
    options.onEvent,
  );
}
