import { type AtlassianEndpoints, gatewayBaseUrl, resolveEndpoints } from '../endpoints.js';
import { requireSecret } from '../secret.js';
import type { AuthStrategy } from '../strategy.js';
import { fetchCloudId } from '../tenant-info.js';
import { type TokenStore, tokenKey } from '../token-store.js';
import { parseOrigin } from '../url.js';
import { siteCloudId } from './oauth2.js';
import { requestToken } from './token-endpoint.js';
import { type OnTokens, TokenSource } from './token-source.js';
import { tokenStrategy } from './token-strategy.js';

export interface ClientCredentialsOptions {
  /** The service account's OAuth 2.0 credential (admin.atlassian.com > Directory > Service accounts). */
  clientId: string;
  clientSecret: string;
  /** The site: its cloudId is read once from `<site>/_edge/tenant_info`. Or give `cloudId`. */
  site?: string | URL;
  cloudId?: string;
  /** Ask for fewer scopes than the credential has. */
  scopes?: readonly string[];
  /** Share tokens between processes; each gets a token of its own otherwise. @default memoryStore() */
  store?: TokenStore;
  /** @default 60 */
  refreshSkew?: number;
  /**
   * How long one token request may take before it is abandoned. The renewal is shared by every waiting request and
   * runs under this timeout, not under any one request's signal. @default 30_000
   */
  timeoutMs?: number;
  onTokens?: OnTokens;
  endpoints?: AtlassianEndpoints;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * A Jira Cloud service account with OAuth 2.0 client credentials: a Bearer token to the gateway, fetched again a
 * little before its hour runs out (there is no refresh token), one fetch at a time.
 *
 * The token request body (`grant_type=client_credentials` and `audience` as JSON) is UNCONFIRMED by Atlassian.
 * @see https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts
 */
export function clientCredentials(options: ClientCredentialsOptions): AuthStrategy {
  const clientId = requireSecret(
    options.clientId,
    'clientId',
    'copy the client ID of the service account credential',
  );
  const clientSecret = requireSecret(
    options.clientSecret,
    'clientSecret',
    'copy the client secret of the service account credential',
  );
  const endpoints = resolveEndpoints(options.endpoints);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const site = options.site === undefined ? undefined : parseOrigin(options.site, 'site');

  const source = new TokenSource({
    key: tokenKey('atlassian', clientId, 'client-credentials'),
    store: options.store,
    refreshSkew: options.refreshSkew,
    timeoutMs: options.timeoutMs,
    now,
    onTokens: options.onTokens,
    renew: (_current, signal) =>
      requestToken({
        url: new URL('/oauth/token', endpoints.auth),
        params: {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          audience: 'api.atlassian.com',
          ...(options.scopes ? { scope: options.scopes.join(' ') } : {}),
        },
        format: 'json',
        fetch: fetchImpl,
        now,
        ...(signal ? { signal } : {}),
      }),
  });
  const cloudId = siteCloudId(options, (signal) => fetchCloudId(site as URL, fetchImpl, signal));
  if (options.cloudId) gatewayBaseUrl(endpoints.api, options.cloudId);

  return tokenStrategy({
    kind: 'client-credentials',
    source,
    baseUrl: async (signal) => gatewayBaseUrl(endpoints.api, await cloudId(signal)),
    description: `clientCredentials (service account) ${clientId}`,
  });
}
