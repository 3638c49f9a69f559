import { AuthorizationError, ConfigurationError } from '../errors.js';
import { requireSecret } from '../secret.js';
import type { AuthStrategy } from '../strategy.js';
import { type TokenSet, type TokenStore, tokenKey } from '../token-store.js';
import { parseBaseUrl } from '../url.js';
import { codeExchangeError } from './flow.js';
import { createPkce, randomToken } from './pkce.js';
import { requestToken } from './token-endpoint.js';
import { type OnTokens, TokenSource } from './token-source.js';
import { tokenStrategy } from './token-strategy.js';

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
    throw new ConfigurationError('scopes', 'scopes is empty: pass e.g. ["READ"] or ["READ", "WRITE"]');
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
  const clientSecret = requireSecret(
    options.clientSecret,
    'clientSecret',
    'copy the client secret of the incoming link',
  );
  try {
    return await requestToken({
      url: endpoint(baseUrl, 'token'),
      params: {
        grant_type: 'authorization_code',
        client_id: options.clientId,
        client_secret: clientSecret,
        code: options.code,
        redirect_uri: options.redirectUri,
        code_verifier: options.codeVerifier,
      },
      format: 'form',
      fetch: options.fetch ?? globalThis.fetch,
      now: options.now ?? Date.now,
    });
  } catch (error) {
    throw codeExchangeError(error);
  }
}

export interface DataCenterOAuth2Options extends DataCenterClientOptions {
  /** The callback URL: Data Center wants it on refresh too, or answers a bare invalid_grant. */
  redirectUri: string;
  /** Who the tokens belong to (the Jira username, or your user id): part of the store key. */
  account: string;
  store?: TokenStore;
  tokens?: TokenSet;
  refreshSkew?: number;
  /**
   * How long one token request may take before it is abandoned. The renewal is shared by every waiting request and
   * runs under this timeout, not under any one request's signal. @default 30_000
   */
  timeoutMs?: number;
  onTokens?: OnTokens;
}

/** OAuth 2.0 authorization code tokens from Jira Data Center, refreshed (with `redirect_uri`) before expiry. */
export function dataCenterOAuth2(options: DataCenterOAuth2Options): AuthStrategy {
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  const clientId = requireSecret(options.clientId, 'clientId', 'copy the client ID of the incoming link');
  const clientSecret = requireSecret(
    options.clientSecret,
    'clientSecret',
    'copy the client secret of the incoming link',
  );
  if (typeof options.account !== 'string' || options.account.trim() === '') {
    throw new ConfigurationError(
      'account',
      'account is missing: pass the Jira username (or your user id) the tokens belong to',
    );
  }
  const now = options.now ?? Date.now;
  const source = new TokenSource({
    key: tokenKey(baseUrl.origin, clientId, options.account),
    store: options.store,
    initial: options.tokens,
    refreshSkew: options.refreshSkew,
    timeoutMs: options.timeoutMs,
    now,
    onTokens: options.onTokens,
    whenEmpty:
      'run the authorization flow (dataCenterAuthorizationUrl, exchangeDataCenterCode) and pass its tokens',
    async renew(current, signal) {
      if (!current?.refreshToken)
        throw new AuthorizationError('the stored tokens have no refresh token: authorise again');
      return requestToken({
        url: endpoint(baseUrl, 'token'),
        params: {
          grant_type: 'refresh_token',
          client_id: clientId,
          client_secret: clientSecret,
          refresh_token: current.refreshToken,
          // https://mrrefactoring.github.io/jira.js/api/functions/index.refreshServerOAuth2Token.html (3p)
          redirect_uri: options.redirectUri,
        },
        format: 'form',
        fetch: options.fetch ?? globalThis.fetch,
        now,
        ...(signal ? { signal } : {}),
      });
    },
  });
  return tokenStrategy({
    kind: 'oauth2',
    source,
    baseUrl: async () => baseUrl,
    description: `dataCenterOAuth2 for client ${clientId} on ${baseUrl.href}`,
  });
}

/**
 * A Jira Data Center service account: client credentials at `{base}/rest/oauth2/latest/token` (form body), a new
 * token before the hour runs out.
 * @see https://confluence.atlassian.com/enterprise/service-accounts-overview-1627095923.html
 */
export function dataCenterClientCredentials(
  options: DataCenterClientOptions & {
    scopes?: readonly string[];
    store?: TokenStore;
    refreshSkew?: number;
    /**
     * How long one token request may take before it is abandoned. The renewal is shared by every waiting request and
     * runs under this timeout, not under any one request's signal. @default 30_000
     */
    timeoutMs?: number;
    onTokens?: OnTokens;
  },
): AuthStrategy {
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  const clientId = requireSecret(options.clientId, 'clientId', 'copy the client ID of the service account');
  const clientSecret = requireSecret(
    options.clientSecret,
    'clientSecret',
    'copy the client secret of the service account',
  );
  const now = options.now ?? Date.now;
  const source = new TokenSource({
    key: tokenKey(baseUrl.origin, clientId, 'client-credentials'),
    store: options.store,
    refreshSkew: options.refreshSkew,
    timeoutMs: options.timeoutMs,
    now,
    onTokens: options.onTokens,
    renew: (_current, signal) =>
      requestToken({
        url: endpoint(baseUrl, 'token'),
        params: {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          ...(options.scopes ? { scope: options.scopes.join(' ') } : {}),
        },
        format: 'form',
        fetch: options.fetch ?? globalThis.fetch,
        now,
        ...(signal ? { signal } : {}),
      }),
  });
  return tokenStrategy({
    kind: 'client-credentials',
    source,
    baseUrl: async () => baseUrl,
    description: `dataCenterClientCredentials ${clientId} on ${baseUrl.href}`,
  });
}
