import { type AtlassianEndpoints, resolveEndpoints } from '../endpoints.js';
import { AuthorizationError } from '../errors.js';
import type { AuthStrategy } from '../strategy.js';
import { accessibleResources, cloudBaseUrl, originOf, pickSite } from '../tenant-info.js';
import { type TokenSet, tokenKey } from '../token-store.js';
import { grantStrategy, oauthClient, refreshGrant, requireAccount, type TokenGrantOptions } from './grant.js';

export interface OAuth2Options extends TokenGrantOptions {
  clientId: string;
  clientSecret: string;
  /**
   * Who the tokens belong to (the Atlassian account id, or your own user id): part of the store key, since one
   * consent's token pair serves every Atlassian product of that account.
   */
  account: string;
  /**
   * The site the calls go to: its cloudId is picked from accessible-resources by this URL. Or give `cloudId`; or
   * neither, when the grant reaches one site only.
   */
  site?: string | URL;
  cloudId?: string;
  /** Tokens from the code exchange, used when the store has none under this key yet. */
  tokens?: TokenSet;
  endpoints?: AtlassianEndpoints;
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
  const client = oauthClient(options, {
    clientId: 'copy it from the app in the developer console',
    clientSecret: 'copy it from the app in the developer console',
  });
  const account = requireAccount(options.account, 'the Atlassian account id (or your user id)');
  const endpoints = resolveEndpoints(options.endpoints);
  const fetchImpl = options.fetch ?? globalThis.fetch;

  return grantStrategy({
    kind: 'oauth2',
    description: `oauth2 (3LO) for client ${client.clientId}`,
    client,
    key: tokenKey('atlassian', client.clientId, account),
    tokenUrl: new URL('/oauth/token', endpoints.auth),
    format: 'json',
    grant: (current) => refreshGrant(current, 'add the offline_access scope and authorise again'),
    options,
    whenEmpty: 'run completeAuthorization and pass its tokens',
    baseUrl: (source, report) =>
      cloudBaseUrl(
        endpoints.api,
        options.cloudId ??
          (async (signal) => {
            for (let attempt = 0; ; attempt++) {
              const tokens = await source.current(signal);
              try {
                const resources = await accessibleResources({
                  accessToken: tokens.accessToken,
                  endpoints: { api: endpoints.api },
                  fetch: fetchImpl,
                  signal,
                });
                const { id, url } = pickSite(resources, options.site);
                report({ type: 'cloud-id-looked-up', site: originOf(url) ?? '', cloudId: id });
                return id;
              } catch (error) {
                // A stale access token: renew once, as a 401 on any other call would.
                const stale = AuthorizationError.isInstance(error) && error.response?.status === 401;
                if (attempt > 0 || !stale || !(await source.unauthorized(tokens.accessToken)).retry)
                  throw error;
              }
            }
          }),
      ),
  });
}
