import { REDACTED } from '../adapter-kit/redact.js';
import { AuthorizationError, JiraAuthError, RefreshFailedError, TokenResponseError } from '../errors.js';
import type { TokenSet } from '../token-store.js';

/** What a token endpoint said when it refused: kept apart from the strategies so each can word its own error. */
export class TokenEndpointRefusal extends Error {
  constructor(
    readonly status: number,
    readonly oauthError: string | undefined,
    readonly description: string | undefined,
  ) {
    super(`token endpoint answered ${status}${oauthError ? ` ${oauthError}` : ''}`);
  }
}

export interface TokenRequest {
  readonly url: URL;
  readonly params: Record<string, string>;
  /**
   * Atlassian Cloud documents a JSON body; Data Center, and RFC 6749, a form body.
   * Hand-written rather than an OAuth library for that reason: standard clients only send forms.
   */
  readonly format: 'json' | 'form';
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly signal?: AbortSignal | undefined;
}

/** POSTs a grant to a token endpoint. Throws {@link TokenEndpointRefusal} for an OAuth error answer. */
export async function requestToken(request: TokenRequest): Promise<TokenSet> {
  const payload =
    request.format === 'json'
      ? JSON.stringify(request.params)
      : new URLSearchParams(request.params).toString();
  // Called unbound: a Workers runtime rejects `fetch` called as a method of another object (Illegal invocation).
  const fetchImpl = request.fetch;
  const response = await fetchImpl(request.url, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': request.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body: payload,
    // Never followed: a 307 or 308 would send the client secret and the refresh token on to wherever it points,
    // and a 301 to 303 would take a token minted by another origin.
    redirect: 'manual',
    signal: request.signal ?? null,
  });
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw redirected(response, request.url);
  }
  const text = await response.text();
  const parsed = parseJson(text);
  const body = isObject(parsed) ? parsed : undefined;
  if (!response.ok) {
    const secrets = SECRET_PARAMS.map((name) => request.params[name]);
    const said = (value: unknown) => (typeof value === 'string' ? scrub(value, secrets) : undefined);
    throw new TokenEndpointRefusal(response.status, said(body?.error), said(body?.error_description));
  }
  if (!body) {
    throw new TokenResponseError(
      'body',
      `the token endpoint answered ${response.status} without a JSON object (${response.headers.get('content-type') ?? 'no content-type'}, ${text.length} characters): check endpoints.auth and any proxy in front of it`,
    );
  }
  return toTokenSet(body, request.now());
}

/** The parameters of a token request that are secrets: never repeated from what the server says back. */
const SECRET_PARAMS = ['client_secret', 'refresh_token', 'code', 'code_verifier'] as const;
/** How much of a server's own words goes into an error. */
const MAX_SAID = 300;

/**
 * Server text as an error may carry it: without the request's own secrets (a server may echo what it was sent),
 * control characters, or more than a few lines' worth.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join(REDACTED);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  clean = clean.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return clean.length > MAX_SAID ? `${clean.slice(0, MAX_SAID)}…` : clean;
}

/** Where a redirect points: its origin, never its path or query (they may carry anything). */
function redirectTarget(location: string | null, from: URL): string {
  if (location === null) return 'nowhere it says (no Location header)';
  try {
    return new URL(location, from).origin;
  } catch {
    return 'an unreadable location';
  }
}

/** A token endpoint answered with a redirect: named by the origin it points to. */
function redirected(response: Response, from: URL): TokenResponseError {
  // A browser's fetch hides a manual redirect's target (an opaque redirect, status 0).
  const where =
    response.type === 'opaqueredirect'
      ? 'a place the browser does not show'
      : redirectTarget(response.headers.get('location'), from);
  return new TokenResponseError(
    'redirect',
    `the token endpoint ${from.origin} answered ${response.status || 'a redirect'} to ${where}: token requests never follow redirects (the client secret would go along). Point endpoints.auth (or the Data Center base URL) at the token endpoint itself`,
  );
}

/** The JSON in `text`, or undefined when it is not JSON (an HTML error page, an empty body). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON
  }
  return undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Characters an access token may hold (RFC 6749 appendix A.12, without the space): it goes into a header. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
/** The longest `expires_in` taken: about 68 years, so the expiry stays a safe number of milliseconds. */
const MAX_EXPIRES_IN = 2_147_483_647;

function invalid(field: string, problem: string): TokenResponseError {
  return new TokenResponseError(field, `unusable token response, nothing saved: ${field} ${problem}`);
}

const NOT_A_TOKEN = 'is empty or not a token (space, control or non-ASCII characters)';

/** `body[name]` when it has `type`; undefined when absent (or null) and not `required`. */
function read(body: Record<string, unknown>, name: string, type: 'string', required: true): string;
function read(body: Record<string, unknown>, name: string, type: 'number', required: true): number;
function read(body: Record<string, unknown>, name: string, type: 'string'): string | undefined;
function read(body: Record<string, unknown>, name: string, type: string, required?: true): unknown {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw invalid(name, 'is missing');
    return undefined;
  }
  if (typeof value !== type) throw invalid(name, `has type ${typeof value}, not ${type}`);
  return value;
}

/**
 * A token endpoint's JSON answer as a {@link TokenSet} with an absolute expiry, checked field by field as a strict
 * OAuth client does (RFC 6749 section 5.1): `access_token` a non-empty string of token characters, `token_type`
 * Bearer, `expires_in` a positive number of seconds, `refresh_token` and `scope` strings when present. Throws a
 * {@link TokenResponseError} naming the first field that fails, never its value.
 */
export function toTokenSet(body: Record<string, unknown>, now: number): TokenSet {
  if (!isObject(body)) throw invalid('body', 'is not a JSON object');
  const accessToken = read(body, 'access_token', 'string', true);
  if (!TOKEN_CHARACTERS.test(accessToken)) throw invalid('access_token', NOT_A_TOKEN);
  const tokenType = read(body, 'token_type', 'string', true);
  if (tokenType.toLowerCase() !== 'bearer')
    throw invalid('token_type', 'is not Bearer, the only type Jira takes');
  const expiresIn = read(body, 'expires_in', 'number', true);
  // At least a second: a shorter life is no token lifetime any server means, and would renew without end.
  if (!Number.isFinite(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN) {
    throw invalid('expires_in', `is not a number of seconds from 1 to ${MAX_EXPIRES_IN}`);
  }
  const refreshToken = read(body, 'refresh_token', 'string');
  // An empty refresh_token is no refresh token: the stored one is kept.
  if (refreshToken && !TOKEN_CHARACTERS.test(refreshToken)) throw invalid('refresh_token', NOT_A_TOKEN);
  const scope = read(body, 'scope', 'string');
  return {
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: now + expiresIn * 1000,
    scope: scope ? scope.split(/\s+/).filter(Boolean) : [],
    tokenType,
  };
}

/** Why a token request failed, as the error the application sees: each cause with its own advice. */
export function refreshError(refusal: unknown, what: string): JiraAuthError {
  // Already said precisely (a token response that cannot be used, tokens without a refresh token).
  if (JiraAuthError.isInstance(refusal)) return refusal;
  if (!(refusal instanceof TokenEndpointRefusal)) {
    const name = (refusal as { name?: unknown } | undefined)?.name;
    if (name === 'TimeoutError') {
      return new RefreshFailedError(
        `the token endpoint did not answer in time to ${what}: the next request tries again`,
        { cause: refusal },
      );
    }
    return new RefreshFailedError(
      `could not reach the token endpoint to ${what}: the next request tries again`,
      { cause: refusal },
    );
  }
  if (refusal.oauthError === 'invalid_grant') {
    return new RefreshFailedError(
      `the refresh token was refused (invalid_grant: ${refusal.description ?? 'no description'}): it expired, was revoked or was lost in rotation, so the user must authorise the app again`,
      { reauthorize: true },
    );
  }
  if (
    refusal.oauthError === 'access_denied' ||
    refusal.oauthError === 'unauthorized_client' ||
    refusal.status === 401
  ) {
    // A wrong client secret answers access_denied, like a declined consent: sending the user through consent again
    // would not help. https://mrrefactoring.github.io/jira.js/api/functions/index.isReauthorizationRequired.html
    return new RefreshFailedError(
      `the token endpoint refused the client (${refusal.oauthError ?? refusal.status}) to ${what}: check clientId and clientSecret`,
    );
  }
  return new RefreshFailedError(
    `the token endpoint answered ${refusal.status}${refusal.oauthError ? ` ${refusal.oauthError}` : ''} to ${what}`,
  );
}

/** Exchanges an authorization code (Cloud: JSON; Data Center: a form with the PKCE verifier) for tokens. */
export async function exchangeAuthorizationCode(
  request: Omit<TokenRequest, 'params'> & {
    clientId: string;
    clientSecret: string;
    /** `code`, `redirect_uri` and, with PKCE, `code_verifier`. */
    params: Record<string, string>;
  },
): Promise<TokenSet> {
  const { clientId, clientSecret, params, ...rest } = request;
  try {
    return await requestToken({
      ...rest,
      params: {
        grant_type: 'authorization_code',
        client_id: clientId,
        client_secret: clientSecret,
        ...params,
      },
    });
  } catch (error) {
    throw codeExchangeError(error);
  }
}

/** Why an authorization-code exchange failed, as the error the application sees. */
export function codeExchangeError(error: unknown): JiraAuthError {
  if (error instanceof TokenEndpointRefusal) {
    const hint =
      error.oauthError === 'access_denied'
        ? ': check clientId and clientSecret (a wrong secret answers access_denied too)'
        : error.oauthError === 'invalid_grant'
          ? ': the code expired, was used already, or redirect_uri differs from the one sent to /authorize'
          : '';
    return new AuthorizationError(`the code exchange failed (${error.oauthError ?? error.status})${hint}`, {
      ...(error.oauthError ? { oauthError: error.oauthError } : {}),
    });
  }
  // Already said precisely: a token response that cannot be used names its field.
  if (JiraAuthError.isInstance(error)) return error;
  return new AuthorizationError('could not reach the token endpoint to exchange the code', { cause: error });
}
