import type { JiraAuthError } from './errors.js';

/** The request an adapter is about to send, as the strategy sees it. */
export interface AuthRequest {
  /** The absolute URL the request goes to. */
  readonly url: URL;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request's own headers, when the adapter has them. */
  readonly headers?: Headers | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The parts of an HTTP answer that decide what a failed request means. */
export interface AuthResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body, as text or already parsed, when the adapter has it at hand. */
  readonly body?: unknown;
}

/** What a strategy says about a 401: retry once with fresh headers, or give up with this reason. */
export type UnauthorizedDecision =
  | { readonly retry: true }
  | { readonly retry: false; readonly error: JiraAuthError };

/**
 * What kind of strategy this is: the four kinds core ships, or any name a third-party strategy gives itself (a
 * token broker, a Forge app token). Informational only: adapters treat every kind the same.
 */
export type StrategyKind =
  | 'basic'
  | 'bearer'
  | 'oauth2'
  | 'client-credentials'
  | 'access-token'
  | (string & {});

/**
 * How one Jira authentication method authenticates requests. Adapters (axios, got, ky, openapi-fetch) drive it
 * through the helpers in `adapter-kit`, so every client behaves the same.
 */
export interface AuthStrategy {
  readonly kind: StrategyKind;
  /**
   * Where REST calls go: `https://<site>.atlassian.net`, `https://api.atlassian.com/ex/jira/{cloudId}`, or a Data
   * Center base URL with its context path. Credentials are only ever sent to this URL's origin. Once it has
   * resolved, adapters remember it and stop asking: it must not change for the life of the strategy.
   */
  baseUrl(signal?: AbortSignal): Promise<URL>;
  /** Headers that authenticate this one request. */
  authenticate(request: AuthRequest): Promise<Record<string, string>>;
  /**
   * A request this strategy authenticated got a 401: drop what is stale and say whether one retry can succeed.
   * `request.headers` holds the headers the failed request carried, so a strategy can tell an old token from the
   * current one.
   */
  unauthorized(request: AuthRequest, response: AuthResponse): Promise<UnauthorizedDecision>;
  /** The OAuth scopes the current token was granted, when the strategy knows them (OAuth); undefined otherwise. */
  grantedScopes?(signal?: AbortSignal): Promise<readonly string[] | undefined>;
}
