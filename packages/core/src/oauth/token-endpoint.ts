import { AuthorizationError, RefreshFailedError } from '../errors.js';
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
  readonly signal?: AbortSignal;
}

/** POSTs a grant to a token endpoint. Throws {@link TokenEndpointRefusal} for an OAuth error answer. */
export async function requestToken(request: TokenRequest): Promise<TokenSet> {
  const body =
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
    body,
    signal: request.signal ?? null,
  });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  if (!response.ok || !parsed) {
    throw new TokenEndpointRefusal(
      response.status,
      typeof parsed?.error === 'string' ? parsed.error : undefined,
      typeof parsed?.error_description === 'string' ? parsed.error_description : undefined,
    );
  }
  return toTokenSet(parsed, request.now());
}

/** A token endpoint's JSON answer as a {@link TokenSet} with an absolute expiry. */
export function toTokenSet(body: Record<string, unknown>, now: number): TokenSet {
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new AuthorizationError('the token endpoint answered without an access_token');
  }
  const expiresIn = Number(body.expires_in ?? 3600);
  return {
    accessToken,
    ...(typeof body.refresh_token === 'string' && body.refresh_token !== ''
      ? { refreshToken: body.refresh_token }
      : {}),
    expiresAt: now + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
    scope: typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : [],
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
  };
}

/** A refusal at the refresh step, as the error the application sees. */
export function refreshError(refusal: unknown, what: string): RefreshFailedError {
  if (!(refusal instanceof TokenEndpointRefusal)) {
    return new RefreshFailedError(
      `could not reach the token endpoint to ${what}: the request will work once it is reachable`,
      {
        cause: refusal,
      },
    );
  }
  if (refusal.oauthError === 'invalid_grant') {
    return new RefreshFailedError(
      `the token endpoint rejected the refresh token (invalid_grant: ${refusal.description ?? 'no description'}): it expired, was revoked, or a rotated token was not saved. The user must authorise the app again`,
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
      `the token endpoint refused the client (${refusal.oauthError ?? refusal.status}) while trying to ${what}: check clientId and clientSecret`,
    );
  }
  return new RefreshFailedError(
    `the token endpoint answered ${refusal.status}${refusal.oauthError ? ` ${refusal.oauthError}` : ''} while trying to ${what}`,
  );
}
