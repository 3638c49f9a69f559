import {
  BasicAuthDisabledError,
  CaptchaRequiredError,
  CredentialRejectedError,
  type JiraAuthError,
  ScopeMissingError,
} from '../errors.js';
import { emit, eventUrl } from '../events.js';
import type { AuthRequest, AuthResponse, AuthStrategy } from '../strategy.js';
import { headerValue } from './headers.js';
import { secretsOf } from './redact.js';

export interface OutgoingRequest extends AuthRequest {
  /** The body, to tell multipart uploads apart. */
  readonly body?: unknown;
}

export interface AuthorizedHeaders {
  /** False when the request goes to another origin than the strategy's: it then gets no credentials at all. */
  readonly authenticated: boolean;
  /** Headers to set on the request. */
  readonly headers: Record<string, string>;
  /** The values among `headers` to scrub from anything handed back to the application (see `scrubSecrets`). */
  readonly secrets: readonly string[];
  /** The strategy's base URL. */
  readonly base: URL;
}

/**
 * The headers for one request: credentials only when the request is under the strategy's base ({@link isUnder}), and
 * `X-Atlassian-Token: no-check` on multipart uploads (Jira blocks them without it).
 */
export async function authorizeRequest(
  strategy: AuthStrategy,
  request: OutgoingRequest,
): Promise<AuthorizedHeaders> {
  // Known after the first request: no wait (not even a microtask) on every later one.
  const base = bases.get(strategy) ?? (await baseUrlOf(strategy, request.signal));
  if (!isUnder(request.url, base)) return { authenticated: false, headers: {}, secrets: [], base };
  const headers = { ...(await strategy.authenticate(request)) };
  const secrets = secretsOf(headers);
  if (isMultipart(request.body, request.headers)) headers['x-atlassian-token'] = 'no-check';
  return { authenticated: true, headers, secrets, base };
}

/** Base URLs already resolved: a strategy's base URL does not change once known (a cloudId is looked up once). */
const bases = new WeakMap<AuthStrategy, URL>();

/** The strategy's base URL if it is already known: lets an adapter skip a wait on every request. */
export function knownBase(strategy: AuthStrategy): URL | undefined {
  return bases.get(strategy);
}

/** The strategy's base URL: at once when it is known, after the strategy resolves it otherwise. */
export function baseOf(strategy: AuthStrategy, signal?: AbortSignal): URL | Promise<URL> {
  return bases.get(strategy) ?? baseUrlOf(strategy, signal);
}

/** The strategy's base URL, remembered for {@link knownBase}. */
async function baseUrlOf(strategy: AuthStrategy, signal?: AbortSignal): Promise<URL> {
  const base = await strategy.baseUrl(signal);
  bases.set(strategy, base);
  return base;
}

/** Only a 401 or a 403 needs a decision: adapters hand every other response on untouched, without converting it. */
export function needsDecision(status: number): boolean {
  return status === 401 || status === 403;
}

const CREDENTIAL_HEADERS = /^(authorization|x-atlassian-token)$/i;

/**
 * Before the client follows a redirect: credentials (and `X-Atlassian-Token`) stay on the request only when the
 * redirect stays under the strategy's base ({@link isUnder}). Clients disagree here (follow-redirects keeps `Authorization` on a
 * subdomain, got on another port of the same host); this is the one rule. Edits `headers` in place.
 */
export function guardHeaders(
  headers: Record<string, unknown> | undefined,
  target: URL | string | undefined,
  base: URL,
): void {
  if (!headers || sameOrigin(target, base)) return;
  for (const name of Object.keys(headers)) if (CREDENTIAL_HEADERS.test(name)) delete headers[name];
}

function sameOrigin(target: URL | string | undefined, base: URL): boolean {
  if (target === undefined) return false;
  try {
    return isUnder(new URL(target), base);
  } catch {
    return false;
  }
}

/**
 * Whether a URL is the strategy's to authenticate: on its base's origin, and under its base's path. A site's base is
 * the whole origin; the gateway's is one product of one cloudId (`/ex/jira/{cloudId}`), so another cloudId, another
 * product or anything else on `api.atlassian.com` gets no credentials; a Data Center base keeps to its context path.
 */
export function isUnder(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  // A site's base is `/`: every path of the origin is under it.
  const path = base.pathname.replace(/\/$/, '');
  return url.pathname === path || url.pathname.startsWith(`${path}/`);
}

export type ResponseDecision =
  | { readonly action: 'pass' }
  | { readonly action: 'retry' }
  | { readonly action: 'fail'; readonly error: JiraAuthError };

export interface ResponseContext {
  /** The request is already the one retry: a second 401 is final. */
  readonly retried: boolean;
}

const SCOPE_MISMATCH = /scope does not match/i;
// https://codeclou.io/blog/2021/03/disabling-basic-auth-in-jira-and-allowlisting-customfield-editor-rest-api/
const BASIC_DISABLED = /Basic Authentication has been disabled/i;

/** Which product a request went to, by its path: the name a scope error gives. */
function productOf(url: URL): string {
  const path = url.pathname;
  if (/\/ex\/confluence\/|\/wiki\//.test(path)) return 'Confluence';
  if (path.includes('/jsm/assets/')) return 'Assets';
  if (path.includes('/rest/servicedeskapi/')) return 'Jira Service Management';
  return 'Jira';
}

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
    // Data Center with Basic authentication disabled (the SSO for Atlassian Data Center app, Jira 8.16+).
    if (BASIC_DISABLED.test(bodyText(response.body))) {
      return {
        action: 'fail',
        error: new BasicAuthDisabledError(
          'Jira answered 403 "Basic Authentication has been disabled on this instance": this Data Center refuses passwords and other Basic credentials on its REST API; use a personal access token (bearerAuth), or ask an admin to allowlist this user or these paths',
          { response: meta },
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
        `${productOf(request.url)} answered 401 "scope does not match": the token lacks a scope this call needs; add the scope to the app (or scoped token) and authorise again${
          /\/wiki\/api\/v2\//.test(request.url.pathname)
            ? " (Confluence's v2 API takes granular scopes only, such as read:page:confluence)"
            : ''
        }`,
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
  if (decision.retry) {
    emit(strategy, {
      type: 'retried-after-401',
      strategy: strategy.kind,
      method: request.method,
      url: eventUrl(request.url),
    });
    return { action: 'retry' };
  }
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
  const type = headerValue(headers, 'content-type');
  return typeof type === 'string' && /^multipart\/form-data/i.test(type);
}
