import { ConfigurationError } from '../errors.js';
import { requireSecret } from '../secret.js';
import type { AuthStrategy } from '../strategy.js';
import { type TokenSet, tokenKey } from '../token-store.js';
import { parseBaseUrl } from '../url.js';
import { grantStrategy, oauthClient, refreshGrant, requireAccount, type TokenGrantOptions } from './grant.js';
import { createPkce, randomToken } from './pkce.js';
import { exchangeAuthorizationCode } from './token-endpoint.js';

/**
 * Jira Data Center is its own OAuth 2.0 provider ("incoming link"): `{base}/rest/oauth2/latest/authorize|token`,
 * form bodies, PKCE, scopes READ / WRITE / ADMIN / SYSTEM_ADMIN.
 * @see https://confluence.atlassian.com/adminjiraserver0911/jira-oauth-2-0-provider-api-1318889918.html
 */
function endpoint(baseUrl: URL, name: 'authorize' | 'token'): URL {
  return new URL(`${baseUrl.href}/rest/oauth2/latest/${name}`);
}

export interface DataCenterAuthorizationUrlOptions {
  baseUrl: string | URL;
  clientId: string;
  redirectUri: string;
  /** e.g. `['READ', 'WRITE']` */
  scopes: readonly string[];
  state?: string;
}

/** The Data Center consent URL, with PKCE (S256). Keep `state` and `codeVerifier` for the callback. */
export async function dataCenterAuthorizationUrl(
  options: DataCenterAuthorizationUrlOptions,
): Promise<{ url: URL; state: string; codeVerifier: string }> {
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  if (!Array.isArray(options.scopes) || options.scopes.length === 0) {
    throw new ConfigurationError('scopes', 'is empty: pass e.g. ["READ"] or ["READ", "WRITE"]');
  }
  const { codeVerifier, codeChallenge } = await createPkce();
  const state = options.state ?? randomToken(24);
  const url = endpoint(baseUrl, 'authorize');
  url.search = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scopes.join(' '),
    state,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return { url, state, codeVerifier };
}

export interface DataCenterClientOptions {
  baseUrl: string | URL;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Exchanges a Data Center authorization code, with the PKCE verifier. */
export async function exchangeDataCenterCode(
  options: DataCenterClientOptions & { code: string; redirectUri: string; codeVerifier: string },
): Promise<TokenSet> {
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  return exchangeAuthorizationCode({
    url: endpoint(baseUrl, 'token'),
    format: 'form',
    clientId: options.clientId,
    clientSecret: requireSecret(
      options.clientSecret,
      'clientSecret',
      'copy the client secret of the incoming link',
    ),
    params: { code: options.code, redirect_uri: options.redirectUri, code_verifier: options.codeVerifier },
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? Date.now,
  });
}

export interface DataCenterOAuth2Options extends DataCenterClientOptions, TokenGrantOptions {
  /** The callback URL: Data Center wants it on refresh too, or answers a bare invalid_grant. */
  redirectUri: string;
  /** Who the tokens belong to (the Jira username, or your user id): part of the store key. */
  account: string;
  /** Tokens from the code exchange, used when the store has none under this key yet. */
  tokens?: TokenSet;
}

export interface DataCenterClientCredentialsOptions extends DataCenterClientOptions, TokenGrantOptions {
  /** Ask for fewer scopes than the service account has. */
  scopes?: readonly string[];
}

/** OAuth 2.0 authorization code tokens from Jira Data Center, refreshed (with `redirect_uri`) before expiry. */
export function dataCenterOAuth2(options: DataCenterOAuth2Options): AuthStrategy {
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  const client = oauthClient(options, {
    clientId: 'copy the client ID of the incoming link',
    clientSecret: 'copy the client secret of the incoming link',
  });
  const account = requireAccount(options.account, 'the Jira username (or your user id)');
  return grantStrategy({
    kind: 'oauth2',
    description: `dataCenterOAuth2 for client ${client.clientId} on ${baseUrl.href}`,
    client,
    key: tokenKey(baseUrl.origin, client.clientId, account),
    tokenUrl: endpoint(baseUrl, 'token'),
    format: 'form',
    grant: (current) => ({
      ...refreshGrant(current, 'run the authorization flow again'),
      // Data Center wants the callback URL on refresh too, or answers a bare invalid_grant.
      // https://mrrefactoring.github.io/jira.js/api/functions/index.refreshServerOAuth2Token.html (3p)
      redirect_uri: options.redirectUri,
    }),
    options,
    whenEmpty:
      'run the authorization flow (dataCenterAuthorizationUrl, exchangeDataCenterCode) and pass its tokens',
    baseUrl: () => async () => baseUrl,
  });
}

/**
 * A Jira Data Center service account: client credentials at `{base}/rest/oauth2/latest/token` (form body), a new
 * token before the hour runs out.
 * @see https://confluence.atlassian.com/enterprise/service-accounts-overview-1627095923.html
 */
export function dataCenterClientCredentials(options: DataCenterClientCredentialsOptions): AuthStrategy {
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  const client = oauthClient(options, {
    clientId: 'copy the client ID of the service account',
    clientSecret: 'copy the client secret of the service account',
  });
  return grantStrategy({
    kind: 'client-credentials',
    description: `dataCenterClientCredentials ${client.clientId} on ${baseUrl.href}`,
    client,
    key: tokenKey(baseUrl.origin, client.clientId, 'client-credentials'),
    tokenUrl: endpoint(baseUrl, 'token'),
    format: 'form',
    grant: () => ({
      grant_type: 'client_credentials',
      ...(options.scopes ? { scope: options.scopes.join(' ') } : {}),
    }),
    options,
    baseUrl: () => async () => baseUrl,
  });
}
