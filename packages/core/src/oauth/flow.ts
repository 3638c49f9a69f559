import { type AtlassianEndpoints, resolveEndpoints } from '../endpoints.js';
import { AuthorizationError, ConfigurationError } from '../errors.js';
import { requireSecret } from '../secret.js';
import { type AccessibleResource, accessibleResources, pickSite } from '../tenant-info.js';
import type { TokenSet } from '../token-store.js';
import { randomToken } from './pkce.js';
import { exchangeAuthorizationCode } from './token-endpoint.js';

export interface AuthorizationUrlOptions {
  clientId: string;
  /** Must match a callback URL of the app in the developer console. */
  redirectUri: string;
  /** Scopes already added to the app, e.g. `['read:jira-user', 'read:jira-work']`. */
  scopes: readonly string[];
  /** Add `offline_access`, which is what yields a refresh token. @default true */
  offlineAccess?: boolean;
  /** @default a random value from WebCrypto */
  state?: string;
  endpoints?: AtlassianEndpoints;
}

/**
 * The URL that sends a user to Atlassian's consent screen (OAuth 2.0 3LO). Keep the returned `state` (e.g. in the
 * session) and check it with {@link parseCallback}.
 * @see https://developer.atlassian.com/cloud/oauth/getting-started/implementing-oauth-3lo
 */
export function authorizationUrl(options: AuthorizationUrlOptions): { url: URL; state: string } {
  const clientId = requireSecret(
    options.clientId,
    'clientId',
    'copy the Client ID from the app in the developer console',
  );
  if (!Array.isArray(options.scopes) || options.scopes.length === 0) {
    throw new ConfigurationError(
      'scopes',
      'is empty: pass the scopes the app needs, e.g. ["read:jira-user"]',
    );
  }
  const scopes = new Set(options.scopes);
  if (options.offlineAccess ?? true) scopes.add('offline_access');
  const state = options.state ?? randomToken(24);
  const url = new URL('/authorize', resolveEndpoints(options.endpoints).auth);
  // `audience` is in the product 3LO pages though not the generic one: sent anyway.
  url.search = new URLSearchParams({
    audience: 'api.atlassian.com',
    client_id: clientId,
    scope: [...scopes].join(' '),
    redirect_uri: options.redirectUri,
    state,
    response_type: 'code',
    prompt: 'consent',
  }).toString();
  return { url, state };
}

/**
 * Reads the callback: checks `state` against the one you kept, surfaces a declined consent, returns the code.
 * @param callback The full callback URL or its query.
 */
export function parseCallback(callback: string | URL | URLSearchParams, expectedState: string): string {
  let params: URLSearchParams;
  try {
    params =
      callback instanceof URLSearchParams
        ? callback
        : new URL(String(callback), 'http://callback.invalid').searchParams;
  } catch {
    throw new AuthorizationError(
      'the callback is not a URL: pass the whole URL the browser was sent back to, or its query string',
    );
  }
  if (!expectedState || params.get('state') !== expectedState) {
    throw new AuthorizationError(
      'the state in the callback does not match the one sent: the callback may be forged or from another login; start the authorization again',
    );
  }
  const error = params.get('error');
  if (error) {
    throw new AuthorizationError(
      `authorization failed: ${error}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}`,
      { oauthError: error },
    );
  }
  const code = params.get('code');
  if (!code) throw new AuthorizationError('the callback has no code: start the authorization again');
  return code;
}

export interface ExchangeCodeOptions {
  clientId: string;
  /** Atlassian Cloud requires it: it has no PKCE-only public clients. */
  clientSecret: string;
  code: string;
  redirectUri: string;
  endpoints?: AtlassianEndpoints;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Exchanges an authorization code for tokens (JSON body, as Atlassian documents it). */
export async function exchangeCode(options: ExchangeCodeOptions): Promise<TokenSet> {
  return exchangeAuthorizationCode({
    url: new URL('/oauth/token', resolveEndpoints(options.endpoints).auth),
    format: 'json',
    clientId: options.clientId,
    clientSecret: requireSecret(
      options.clientSecret,
      'clientSecret',
      'copy the Secret from the app in the developer console',
    ),
    params: { code: options.code, redirect_uri: options.redirectUri },
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? Date.now,
  });
}

export interface CompleteAuthorizationOptions extends Omit<ExchangeCodeOptions, 'code'> {
  /** The whole URL the browser was sent back to, or its query string. */
  callback: string | URL | URLSearchParams;
  /** The `state` that `authorizationUrl` returned, kept since (in the session, or a signed cookie). */
  state: string;
  /**
   * The site the calls go to, e.g. `https://your-site.atlassian.net`. May be left out when the grant reaches one
   * site only; with several, leaving it out is an error that lists them.
   */
  site?: string | URL;
  /**
   * Without `site`, chooses among several sites the grant reaches (a prompt in a command-line login); without
   * either, several sites are an error that lists them.
   */
  pick?: (sites: readonly AccessibleResource[]) => AccessibleResource | Promise<AccessibleResource>;
}

export interface CompletedAuthorization {
  /** Save these in the store the `oauth2` strategy uses, or pass them as its `tokens`. */
  tokens: TokenSet;
  /** The site's cloudId: the `oauth2` strategy's `cloudId`. */
  cloudId: string;
  resource: AccessibleResource;
  /**
   * The Atlassian account id of the user who consented, read from Jira's `/myself`: the `oauth2` strategy's
   * `account`. Undefined when Jira would not say (the grant lacks `read:jira-user`).
   */
  accountId: string | undefined;
}

/**
 * The whole callback step: state check, code exchange, the cloudId of the site (the one the user named, or the only
 * one the grant reaches), and who the user is. Everything the `oauth2` strategy needs.
 *
 * @example
 * const { tokens, cloudId, accountId } = await completeAuthorization({ callback, state, clientId, clientSecret, redirectUri });
 */
export async function completeAuthorization(
  options: CompleteAuthorizationOptions,
): Promise<CompletedAuthorization> {
  const code = parseCallback(options.callback, options.state);
  const tokens = await exchangeCode({ ...options, code });
  const resources = await accessibleResources({
    accessToken: tokens.accessToken,
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const resource =
    options.site === undefined && options.pick && resources.length > 1
      ? await options.pick(resources)
      : pickSite(resources, options.site);
  const myself = await (options.fetch ?? globalThis.fetch)(
    `${resolveEndpoints(options.endpoints).api.origin}/ex/jira/${resource.id}/rest/api/3/myself`,
    { headers: { authorization: `Bearer ${tokens.accessToken}`, accept: 'application/json' } },
  ).catch(() => undefined);
  const accountId = myself?.ok
    ? ((await myself.json().catch(() => undefined)) as { accountId?: unknown } | undefined)?.accountId
    : undefined;
  return {
    tokens,
    cloudId: resource.id,
    resource,
    accountId: typeof accountId === 'string' ? accountId : undefined,
  };
}
