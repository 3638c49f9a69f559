import { type AtlassianEndpoints, resolveEndpoints } from './endpoints.js';
import { ConfigurationError } from './errors.js';
import { type OnEvent, type Report, reporter } from './events.js';
import { DEFAULT_REFRESH_SKEW, TokenSource } from './oauth/token-source.js';
import { tokenStrategy } from './oauth/token-strategy.js';
import type { AuthStrategy } from './strategy.js';
import { cloudBaseUrl, cloudIdLookup } from './tenant-info.js';
import type { TokenSet } from './token-store.js';
import { parseBaseUrl, parseOrigin } from './url.js';

/** A token another system minted: the token alone, or with its expiry and scopes. */
export type ExternalToken =
  | string
  | {
      readonly accessToken: string;
      /** When it expires, in ms since the epoch (or a `Date`): it is asked for again a little before. */
      readonly expiresAt?: number | Date;
      /** The scopes it was granted, when known: the typed client then checks them before sending. */
      readonly scope?: readonly string[];
    };

export interface GetTokenContext {
  /**
   * True when Jira answered 401 to the token last given, although it had not expired: give a new one, not the one
   * cached on your side.
   */
  readonly forceRefresh: boolean;
  /** The request's own timeout (`timeoutMs`): one call serves every waiting request. */
  readonly signal: AbortSignal;
}

export interface AccessTokenAuthOptions {
  /**
   * Gives a Bearer token: called for the first request, again a little before the expiry it gave (never, when it
   * gave none), and once after a 401 with `forceRefresh: true`. One call at a time, however many requests wait.
   */
  getToken(context: GetTokenContext): ExternalToken | Promise<ExternalToken>;
  /** The site's cloudId: calls go to the gateway, `https://api.atlassian.com/ex/jira/{cloudId}`. */
  cloudId?: string;
  /** The Cloud site: its cloudId is read once from `<site>/_edge/tenant_info`, and calls go to the gateway. */
  site?: string | URL;
  /** Where calls go as they are: a Data Center base URL, or a proxy in front of Jira. */
  baseUrl?: string | URL;
  endpoints?: AtlassianEndpoints;
  /** Ask for a new token this many seconds before the expiry `getToken` gave. @default 60 */
  refreshSkew?: number;
  /** How long one `getToken` call may take. @default 30_000 */
  timeoutMs?: number;
  /** The fetch used for the cloudId lookup. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default Date.now */
  now?: () => number;
  /** Receives what the strategy and its adapters do (new tokens, lookups, retries), never a secret. */
  onEvent?: OnEvent;
}

/**
 * Bearer tokens that another system mints and renews: a Forge remote backend's app token, a secrets manager, a
 * broker such as Nango or Auth0. jira-auth asks `getToken` when it needs a token, keeps the answer until the expiry
 * it gave, and after a 401 asks once more with `forceRefresh: true` and retries, like every strategy.
 *
 * @example
 * const auth = accessTokenAuth({ cloudId, getToken: ({ forceRefresh }) => broker.jiraToken({ forceRefresh }) });
 */
export function accessTokenAuth(options: AccessTokenAuthOptions): AuthStrategy {
  if (typeof options?.getToken !== 'function') {
    throw new ConfigurationError(
      'getToken',
      'is missing: pass a function that returns the token (or a promise of it)',
    );
  }
  const targets = (['cloudId', 'site', 'baseUrl'] as const).filter((name) => options[name] !== undefined);
  if (targets.length !== 1) {
    throw new ConfigurationError(
      targets.length === 0 ? 'cloudId' : targets.join(', '),
      `${targets.length === 0 ? 'is missing' : 'are all given'}: pass exactly one of cloudId, site (Cloud, via the gateway) or baseUrl`,
    );
  }
  const now = options.now ?? Date.now;
  const refreshSkew = options.refreshSkew ?? DEFAULT_REFRESH_SKEW;
  const { report, owns } = reporter('access-token');
  const source = new TokenSource({
    onEvent: report,
    key: 'external',
    refreshSkew,
    now,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    async renew(current, signal) {
      // Renewing a token that has not expired: Jira refused it.
      const forceRefresh = current !== undefined && current.expiresAt - refreshSkew * 1000 > now();
      return tokenSet(await options.getToken({ forceRefresh, signal }));
    },
  });
  const strategy = tokenStrategy({
    kind: 'access-token',
    source,
    scopesOf: (tokens) => (unknownScopes.has(tokens) ? undefined : tokens.scope),
    baseUrl: baseUrlOf(options, report),
    description: `accessTokenAuth for ${options.cloudId ?? String(options.site ?? options.baseUrl)}`,
  });
  return owns(strategy, options.onEvent);
}

function baseUrlOf(options: AccessTokenAuthOptions, report: Report): (signal?: AbortSignal) => Promise<URL> {
  if (options.baseUrl !== undefined) {
    const base = parseBaseUrl(options.baseUrl, 'baseUrl');
    return async () => base;
  }
  return cloudBaseUrl(
    resolveEndpoints(options.endpoints).api,
    options.cloudId ??
      cloudIdLookup(
        parseOrigin(options.site as string | URL, 'site'),
        options.fetch ?? globalThis.fetch,
        report,
      ),
  );
}

/** Token sets whose scopes `getToken` did not say: the typed client checks none for them. */
const unknownScopes = new WeakSet<TokenSet>();

/** What `getToken` gave, checked: no token, or one no header can carry, is refused without echoing it. */
function tokenSet(token: ExternalToken): TokenSet {
  const given = typeof token === 'string' ? { accessToken: token } : token;
  const accessToken = given?.accessToken;
  if (typeof accessToken !== 'string' || !/^[\x21-\x7e]+$/.test(accessToken)) {
    throw new ConfigurationError(
      'getToken',
      'gave no usable token: return the token string, or { accessToken, expiresAt } (no spaces or line breaks)',
    );
  }
  const expiresAt = given.expiresAt instanceof Date ? given.expiresAt.getTime() : given.expiresAt;
  const tokens: TokenSet = {
    accessToken,
    // No expiry given: kept until Jira refuses it.
    expiresAt: Number.isFinite(expiresAt) ? (expiresAt as number) : Number.MAX_SAFE_INTEGER,
    scope: given.scope ?? [],
    tokenType: 'Bearer',
  };
  if (!given.scope) unknownScopes.add(tokens);
  return tokens;
}
