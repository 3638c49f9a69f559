import { type AtlassianEndpoints, gatewayBaseUrl, resolveEndpoints } from '../endpoints.js';
import { AuthorizationError, ConfigurationError, RefreshFailedError } from '../errors.js';
import { requireSecret } from '../secret.js';
import type { AuthStrategy } from '../strategy.js';
import { cachedCloudId } from '../tenant-info.js';
import { type TokenSet, type TokenStore, tokenKey } from '../token-store.js';
import { accessibleResources, pickSite } from './flow.js';
import { requestToken } from './token-endpoint.js';
import { type OnTokens, TokenSource } from './token-source.js';
import { tokenStrategy } from './token-strategy.js';

export interface OAuth2Options {
  clientId: string;
  clientSecret: string;
  /**
   * Who the tokens belong to (the Atlassian account id, or your own user id): part of the store key, since one
   * consent's token pair serves every Atlassian product of that account.
   */
  account: string;
  /** The site the calls go to: its cloudId is picked from accessible-resources by this URL. Or give `cloudId`. */
  site?: string | URL;
  cloudId?: string;
  /** @default memoryStore() */
  store?: TokenStore;
  /** Tokens from the code exchange, used when the store has none under this key yet. */
  tokens?: TokenSet;
  /** Renew this many seconds before the access token expires. @default 60 */
  refreshSkew?: number;
  /**
   * How long one token request may take before it is abandoned. The renewal is shared by every waiting request and
   * runs under this timeout, not under any one request's signal. @default 30_000
   */
  timeoutMs?: number;
  /** Called, and awaited, after each renewal is saved and before any request uses it. */
  onTokens?: OnTokens;
  endpoints?: AtlassianEndpoints;
  fetch?: typeof fetch;
  /** The clock, in ms since the epoch. @default Date.now */
  now?: () => number;
}

/**
 * OAuth 2.0 (3LO) for Jira Cloud: Bearer tokens to `https://api.atlassian.com/ex/jira/{cloudId}`, renewed a little
 * before they expire, one renewal at a time however many requests wait, rotated refresh tokens saved before use.
 *
 * @example
 * const auth = oauth2({ clientId, clientSecret, account: accountId, site: 'https://your-site.atlassian.net', tokens });
 * @see https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens
 */
export function oauth2(options: OAuth2Options): AuthStrategy {
  const clientId = requireSecret(
    options.clientId,
    'clientId',
    'copy the Client ID from the app in the developer console',
  );
  const clientSecret = requireSecret(
    options.clientSecret,
    'clientSecret',
    'copy the Secret from the app in the developer console',
  );
  if (typeof options.account !== 'string' || options.account.trim() === '') {
    throw new ConfigurationError(
      'account',
      'account is missing: pass the Atlassian account id (or your user id) the tokens belong to',
    );
  }
  const endpoints = resolveEndpoints(options.endpoints);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const key = tokenKey('atlassian', clientId, options.account);

  const source = new TokenSource({
    key,
    store: options.store,
    initial: options.tokens,
    refreshSkew: options.refreshSkew,
    timeoutMs: options.timeoutMs,
    now,
    onTokens: options.onTokens,
    whenEmpty: 'run the authorization flow (authorizationUrl, completeAuthorization) and pass its tokens',
    async renew(current, signal) {
      if (!current?.refreshToken) {
        throw new RefreshFailedError(
          'the stored tokens have no refresh token, so the expired access token cannot be renewed: add the offline_access scope to the authorization URL, then authorise again',
          { reauthorize: true },
        );
      }
      return requestToken({
        url: new URL('/oauth/token', endpoints.auth),
        params: {
          grant_type: 'refresh_token',
          client_id: clientId,
          client_secret: clientSecret,
          refresh_token: current.refreshToken,
        },
        format: 'json',
        fetch: fetchImpl,
        now,
        ...(signal ? { signal } : {}),
      });
    },
  });

  const cloudId = siteCloudId(options, async (signal) => {
    for (let attempt = 0; ; attempt++) {
      const tokens = await source.current(signal);
      try {
        const resources = await accessibleResources({
          accessToken: tokens.accessToken,
          endpoints: { api: endpoints.api },
          fetch: fetchImpl,
          ...(signal ? { signal } : {}),
        });
        return pickSite(resources, options.site as string | URL).id;
      } catch (error) {
        // A stale access token: renew once, as a 401 on any other call would.
        const stale = AuthorizationError.isInstance(error) && error.response?.status === 401;
        if (attempt > 0 || !stale || !(await source.unauthorized(tokens.accessToken)).retry) throw error;
      }
    }
  });
  if (options.cloudId) gatewayBaseUrl(endpoints.api, options.cloudId);

  return tokenStrategy({
    kind: 'oauth2',
    source,
    baseUrl: async (signal) => gatewayBaseUrl(endpoints.api, await cloudId(signal)),
    description: `oauth2 (3LO) for client ${clientId}`,
  });
}

/** The cloudId from the options, or found once by `lookup` from the site. */
export function siteCloudId(
  options: { site?: string | URL; cloudId?: string },
  lookup: (signal?: AbortSignal) => Promise<string>,
): (signal?: AbortSignal) => Promise<string> {
  const given = options.cloudId;
  if (given !== undefined) return async () => given;
  if (options.site === undefined) {
    throw new ConfigurationError(
      'site',
      'pass site (e.g. https://your-site.atlassian.net) or cloudId, so calls reach the right site',
    );
  }
  return cachedCloudId(lookup);
}
