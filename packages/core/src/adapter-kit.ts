import {
  BodyNotReplayableError,
  CaptchaRequiredError,
  CredentialRejectedError,
  JiraAuthError,
  ScopeMissingError,
} from './errors.js';
import type { AuthRequest, AuthResponse, AuthStrategy } from './strategy.js';

/**
 * The decisions every adapter shares, so that axios, got, ky and openapi-fetch behave the same. An adapter only
 * translates its client's request and response into these shapes.
 */

/** What replaces a credential in anything an adapter hands back to the application (errors, configs). */
export const REDACTED = '[REDACTED]';

export interface OutgoingRequest extends AuthRequest {
  /** The body, to tell multipart uploads apart. */
  readonly body?: unknown;
}

export interface AuthorizedHeaders {
  /** False when the request goes to another origin than the strategy's: it then gets no credentials at all. */
  readonly authenticated: boolean;
  /** Headers to set on the request. */
  readonly headers: Record<string, string>;
}

/**
 * The headers for one request: credentials only when the request's origin is the strategy's origin, and
 * `X-Atlassian-Token: no-check` on multipart uploads (Jira blocks them without it).
 */
export async function authorizeRequest(
  strategy: AuthStrategy,
  request: OutgoingRequest,
): Promise<AuthorizedHeaders> {
  const base = await strategy.baseUrl(request.signal);
  if (request.url.origin !== base.origin) return { authenticated: false, headers: {} };
  const headers = { ...(await strategy.authenticate(request)) };
  if (isMultipart(request.body, request.headers)) headers['x-atlassian-token'] = 'no-check';
  return { authenticated: true, headers };
}

/** Resolves a request path against the strategy's base URL (keeping `/ex/jira/{cloudId}` or a context path). */
export { joinUrl } from './url.js';

export type ResponseDecision =
  | { readonly action: 'pass' }
  | { readonly action: 'retry' }
  | { readonly action: 'fail'; readonly error: JiraAuthError };

export interface ResponseContext {
  /** The request is already the one retry: a second 401 is final. */
  readonly retried: boolean;
}

const SCOPE_MISMATCH = /scope does not match/i;

/**
 * What a response to an authenticated request means: pass it on, retry once with fresh headers, or fail with a
 * typed reason. 403 and 429 never refresh or retry here (retrying a 429 is the HTTP client's job).
 */
export async function decideOnResponse(
  strategy: AuthStrategy,
  request: AuthRequest,
  response: AuthResponse,
  context: ResponseContext,
): Promise<ResponseDecision> {
  const meta = { status: response.status, headers: response.headers };
  if (response.status === 403) {
    const denied = response.headers.get('x-authentication-denied-reason');
    if (denied && /CAPTCHA_CHALLENGE/i.test(denied)) {
      const loginUrl = /login-url=([^;\s]+)/i.exec(denied)?.[1];
      return {
        action: 'fail',
        error: new CaptchaRequiredError(
          `Jira Data Center demands a CAPTCHA after failed logins and refuses API calls until it is solved: log in once in a browser${loginUrl ? ` at ${loginUrl}` : ''} or ask an admin to reset the failed-login count; a personal access token (bearerAuth) is not subject to it`,
          { response: meta, ...(loginUrl ? { loginUrl } : {}) },
        ),
      };
    }
    return { action: 'pass' };
  }
  if (response.status !== 401) return { action: 'pass' };
  // Atlassian's gateway: 401 {"code":401,"message":"Unauthorized; scope does not match"} for a token without the
  // route's scope. A refresh yields the same scopes, so it is not attempted.
  // https://github.com/raycast/extensions/issues/11212
  if (SCOPE_MISMATCH.test(bodyText(response.body))) {
    return {
      action: 'fail',
      error: new ScopeMissingError(
        'Jira answered 401 "scope does not match": the token lacks a scope this call needs; add the scope to the app (or scoped token) and authorise again',
        { response: meta },
      ),
    };
  }
  if (context.retried) {
    return {
      action: 'fail',
      error: new CredentialRejectedError(
        'Jira answered 401 again to fresh credentials: the credential is not accepted for this request',
        { response: meta },
      ),
    };
  }
  const decision = await strategy.unauthorized(request, response);
  if (decision.retry) return { action: 'retry' };
  Object.defineProperty(decision.error, 'response', { value: meta, enumerable: false, configurable: true });
  return { action: 'fail', error: decision.error };
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (typeof body === 'object' && body !== null) {
    try {
      return JSON.stringify(body);
    } catch {
      return '';
    }
  }
  return '';
}

/** A `FormData` body (or a form-data stream) or a `multipart/form-data` content type. */
export function isMultipart(body: unknown, headers?: Headers | Record<string, unknown>): boolean {
  if (typeof FormData !== 'undefined' && body instanceof FormData) return true;
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { getBoundary?: unknown }).getBoundary === 'function'
  ) {
    return true;
  }
  const type =
    headers instanceof Headers ? headers.get('content-type') : headerValue(headers, 'content-type');
  return typeof type === 'string' && /^multipart\/form-data/i.test(type);
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): unknown {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie)$/i;

/** Replaces credential headers in a plain header object, in place. */
export function redactHeaderRecord(headers: Record<string, unknown> | undefined): void {
  if (!headers) return;
  for (const key of Object.keys(headers)) if (SECRET_HEADERS.test(key)) headers[key] = REDACTED;
}

/**
 * A `Headers` from a client's own header record (axios `AxiosHeaders`, got's plain object): array values joined,
 * empty ones dropped.
 */
export function toHeaders(record: unknown): Headers {
  const source = (record ?? {}) as Record<string, unknown> & { toJSON?: () => Record<string, unknown> };
  const plain = typeof source.toJSON === 'function' ? source.toJSON() : source;
  const headers = new Headers();
  for (const [name, value] of Object.entries(plain)) {
    if (value === undefined || value === null || value === false) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return headers;
}

/**
 * Replaces every string that contains one of `secrets` (the header values an adapter sent) with {@link REDACTED},
 * throughout an error's own data properties: HTTP clients copy request headers into their errors (configs, raw
 * request heads, redirect options), where loggers and `util.inspect` find them.
 */
export function scrubSecrets(root: unknown, secrets: readonly string[], maxDepth = 8): void {
  const needles = secrets.filter((secret) => secret.length >= 8);
  if (needles.length === 0) return;
  const seen = new WeakSet<object>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > maxDepth || seen.has(value)) return;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor || !('value' in descriptor)) continue;
      const item: unknown = descriptor.value;
      if (typeof item === 'string') {
        if (descriptor.writable && needles.some((needle) => item.includes(needle))) {
          let clean = item;
          for (const needle of needles) clean = clean.split(needle).join(REDACTED);
          try {
            (value as Record<PropertyKey, unknown>)[key] = clean;
          } catch {
            // a frozen object: nothing to do
          }
        }
      } else {
        visit(item, depth + 1);
      }
    }
  };
  visit(root, 0);
}

/** The jira-auth reason attached to a client's error (as `cause`, at any depth), if any. */
export function jiraAuthErrorOf(error: unknown): JiraAuthError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    if (JiraAuthError.isInstance(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A request as a fetch-based adapter (ky, openapi-fetch) keeps it for the one retry. */
export interface FetchRequestCopy {
  readonly url: URL;
  readonly method: string;
  /** The headers the request was sent with. */
  readonly headers: Headers;
  /** A copy of the body taken before the first send; undefined for none. */
  readonly body: ArrayBuffer | undefined;
  /** False for a one-shot stream body: the 401 then fails with `BodyNotReplayableError`. */
  readonly replayable: boolean;
  readonly signal?: AbortSignal | null;
  readonly redirect?: RequestRedirect;
}

export interface SettledFetchResponse {
  /** The response to hand on: the one retry's when there was one. */
  readonly response: Response;
  /** True when `response` is the retry's, not the original. */
  readonly retried: boolean;
  /** Why the response failed, when jira-auth knows. */
  readonly reason: JiraAuthError | undefined;
  /** Header values sent with the retry: scrub them from errors too. */
  readonly secrets: readonly string[];
}

/**
 * For adapters built on fetch: decides on a response to an authenticated request and, when the strategy can
 * recover from a 401, sends the request once more with fresh headers and the body copy.
 */
export async function settleFetchResponse(
  strategy: AuthStrategy,
  request: FetchRequestCopy,
  response: Response,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<SettledFetchResponse> {
  const decide = async (answer: Response, retried: boolean) =>
    decideOnResponse(
      strategy,
      { url: request.url, method: request.method, headers: request.headers },
      {
        status: answer.status,
        headers: answer.headers,
        body:
          answer.status === 401
            ? await answer
                .clone()
                .text()
                .catch(() => '')
            : undefined,
      },
      { retried },
    );
  const decision = await decide(response, false);
  if (decision.action === 'pass') return { response, retried: false, reason: undefined, secrets: [] };
  if (decision.action === 'fail') return { response, retried: false, reason: decision.error, secrets: [] };
  if (!request.replayable) {
    const reason = new BodyNotReplayableError(
      'Jira answered 401 and fresh credentials are ready, but the request body was a one-shot stream that is already sent: send a string, ArrayBuffer, Blob, JSON or FormData body to allow the one retry',
    );
    return { response, retried: false, reason, secrets: [] };
  }
  const headers = new Headers(request.headers);
  const fresh = await authorizeRequest(strategy, { url: request.url, method: request.method, headers });
  for (const [name, value] of Object.entries(fresh.headers)) headers.set(name, value);
  const again = await fetchImpl(
    new Request(request.url, {
      method: request.method,
      headers,
      body: request.body ?? null,
      ...(request.redirect ? { redirect: request.redirect } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    }),
  );
  const second = await decide(again, true);
  return {
    response: again,
    retried: true,
    reason: second.action === 'fail' ? second.error : undefined,
    secrets: Object.values(fresh.headers).filter((value) => value.length >= 8),
  };
}
