import { type AtlassianEndpoints, resolveEndpoints } from '../endpoints.js';
import { ConfigurationError } from '../errors.js';
import type { AuthStrategy } from '../strategy.js';
import { cloudBaseUrl, cloudIdLookup } from '../tenant-info.js';
import { tokenKey } from '../token-store.js';
import { parseOrigin } from '../url.js';
import { grantStrategy, oauthClient, type TokenGrantOptions } from './grant.js';

export interface ClientCredentialsOptions extends TokenGrantOptions {
  /** The service account's OAuth 2.0 credential (admin.atlassian.com > Directory > Service accounts). */
  clientId: string;
  clientSecret: string;
  /** The site: its cloudId is read once from `<site>/_edge/tenant_info`. Or give `cloudId`. */
  site?: string | URL;
  cloudId?: string;
  /** Ask for fewer scopes than the credential has. */
  scopes?: readonly string[];
  endpoints?: AtlassianEndpoints;
}

/**
 * A Jira Cloud service account with OAuth 2.0 client credentials: a Bearer token to the gateway, fetched again a
 * little before its hour runs out (there is no refresh token), one fetch at a time.
 *
 * The token request body (`grant_type=client_credentials` and `audience` as JSON) is UNCONFIRMED by Atlassian.
 * @see https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts
 */
export function clientCredentials(options: ClientCredentialsOptions): AuthStrategy {
  const client = oauthClient(options, {
    clientId: 'copy the client ID of the service account credential',
    clientSecret: 'copy the client secret of the service account credential',
  });
  const endpoints = resolveEndpoints(options.endpoints);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const site = options.site === undefined ? undefined : parseOrigin(options.site, 'site');
  if (site === undefined && options.cloudId === undefined) {
    throw new ConfigurationError(
      'site',
      'is missing: pass site (e.g. https://your-site.atlassian.net) or cloudId',
    );
  }

  return grantStrategy({
    kind: 'client-credentials',
    description: `clientCredentials (service account) ${client.clientId}`,
    client,
    key: tokenKey('atlassian', client.clientId, 'client-credentials'),
    tokenUrl: new URL('/oauth/token', endpoints.auth),
    format: 'json',
    grant: () => ({
      grant_type: 'client_credentials',
      audience: 'api.atlassian.com',
      ...(options.scopes ? { scope: options.scopes.join(' ') } : {}),
    }),
    options,
    baseUrl: (_source, report) =>
      cloudBaseUrl(endpoints.api, options.cloudId ?? cloudIdLookup(site as URL, fetchImpl, report)),
  });
}
