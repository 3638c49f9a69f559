import { BodyNotReplayableError, type JiraAuthError } from '../errors.js';
import type { AuthStrategy } from '../strategy.js';
import { authorizeRequest, decideOnResponse, needsDecision, type ResponseDecision } from './decide.js';
import { secretsOf } from './redact.js';

/**
 * Whether a request body, as the application gave it, can be sent a second time for the one retry after a 401.
 * Strings, bytes, `Blob`, `FormData`, `URLSearchParams` and plain objects can; streams (Node streams, web
 * `ReadableStream`, async iterators) are consumed by the first send and cannot.
 */
export function isReplayableBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return true;
  if (typeof (body as { pipe?: unknown }).pipe === 'function') return false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent on Node, where every ReadableStream is async iterable and caught below; the check is for browsers, where it is not
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return false;
  return !(Symbol.asyncIterator in body);
}

/** The reason a 401 that fresh credentials could fix fails anyway: the body was a stream, already sent. */
export function bodyNotReplayable(): BodyNotReplayableError {
  return new BodyNotReplayableError(
    'Jira answered 401 and fresh credentials are ready, but the request body was a stream that is already sent: send a string, bytes, Blob, JSON or FormData body to allow the one retry',
  );
}

/** A request as a fetch-based adapter (ky, openapi-fetch, fetch) keeps it for the one retry. */
export interface FetchRequestCopy {
  readonly url: URL;
  readonly method: string;
  /** The headers the request was sent with. */
  readonly headers: Headers;
  /**
   * The body for the one retry: the application's own when it can be sent again as it is (a string, bytes,
   * `URLSearchParams`), a copy of the encoded body taken before the first send otherwise; undefined for none.
   */
  readonly body: BodyInit | undefined;
  /** False for a one-shot stream body: the 401 then fails with `BodyNotReplayableError`. */
  readonly replayable: boolean;
  readonly signal?: AbortSignal | null;
  readonly redirect?: RequestRedirect;
}

/**
 * What a fetch-based adapter keeps of a request before sending it, for the one retry: call it before the request's
 * body is consumed. `appBody` is the body as the application gave it (a stream there is not copied, so that the
 * request still streams); without it the `Request`'s own body is copied.
 */
export async function copyForReplay(request: Request, appBody?: unknown): Promise<FetchRequestCopy> {
  const replayable = isReplayableBody(appBody);
  return {
    url: new URL(request.url),
    method: request.method,
    headers: request.headers,
    body:
      request.body && replayable
        ? (reusableBody(appBody) ?? (await request.clone().arrayBuffer()))
        : undefined,
    replayable,
    signal: request.signal,
    redirect: request.redirect,
  };
}

/**
 * {@link copyForReplay}, at once (no promise) for a request without a body, as most are: an adapter that awaits it
 * waits only when there is a body to copy. `url` is the request's URL when the adapter has parsed it already.
 */
export function keepForReplay(
  request: Request,
  appBody?: unknown,
  url?: URL,
): FetchRequestCopy | Promise<FetchRequestCopy> {
  if (request.body || appBody !== undefined) return copyForReplay(request, appBody);
  return {
    url: url ?? new URL(request.url),
    method: request.method,
    headers: request.headers,
    body: undefined,
    replayable: true,
    signal: request.signal,
    redirect: request.redirect,
  };
}

/**
 * A body that can be sent again as the application gave it, with the same headers: no copy needed. (A `FormData`
 * or `Blob` is encoded anew with a new boundary or type, which the kept headers would not match: those are copied.)
 */
export function reusableBody(body: unknown): BodyInit | undefined {
  if (typeof body === 'string' || body instanceof ArrayBuffer || body instanceof URLSearchParams) return body;
  if (ArrayBuffer.isView(body)) return body as BodyInit;
  return undefined;
}

/**
 * Why a failed response to an authenticated request failed, for an adapter that sees only failures (no response
 * hook, for a strategy that never retries): the decision without the retry. `body` is the answer's body when the
 * client has read it already (ky 2's `HTTPError.data`); otherwise a copy of the response is read.
 */
export async function failureReason(
  strategy: AuthStrategy,
  request: Pick<FetchRequestCopy, 'url' | 'method' | 'headers'>,
  response: Response,
  body?: unknown,
): Promise<JiraAuthError | undefined> {
  // Stryker disable next-line ConditionalExpression: equivalent but for time, any other answer is passed by the decision
  if (!needsDecision(response.status)) return undefined;
  const decision = await decideOnFetch(strategy, request, response, false, body);
  // Stryker disable next-line ConditionalExpression: equivalent, a decision that is not a failure has no error
  return decision.action === 'fail' ? decision.error : undefined;
}

/**
 * {@link decideOnResponse} for a fetch `Response`. Its body matters only for a 401 (the gateway's "scope does not
 * match"): only then is a copy read, or `consumed` taken when the client has read the body already.
 */
async function decideOnFetch(
  strategy: AuthStrategy,
  request: Pick<FetchRequestCopy, 'url' | 'method' | 'headers'>,
  answer: Response,
  retried: boolean,
  consumed?: unknown,
): Promise<ResponseDecision> {
  // Stryker disable ArrowFunction,StringLiteral: equivalent, a body that cannot be read, no body and an empty one all
  // mean no scope mismatch
  const body =
    // Stryker disable next-line ConditionalExpression: reading the body of every answer is equivalent but for time
    answer.status !== 401
      ? undefined
      : answer.bodyUsed
        ? consumed
        : await answer
            .clone()
            .text()
            .catch(() => '');
  // Stryker restore ArrowFunction,StringLiteral
  return decideOnResponse(
    strategy,
    { url: request.url, method: request.method, headers: request.headers },
    { status: answer.status, headers: answer.headers, body },
    { retried },
  );
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
  // Stryker disable next-line ConditionalExpression: equivalent but for time, any other answer is passed by the decision
  if (!needsDecision(response.status)) return { response, retried: false, reason: undefined, secrets: [] };
  const decision = await decideOnFetch(strategy, request, response, false);
  if (decision.action === 'pass') return { response, retried: false, reason: undefined, secrets: [] };
  if (decision.action === 'fail') return { response, retried: false, reason: decision.error, secrets: [] };
  if (!request.replayable) return { response, retried: false, reason: bodyNotReplayable(), secrets: [] };
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
  const second = await decideOnFetch(strategy, request, again, true);
  return {
    response: again,
    retried: true,
    // Stryker disable next-line ConditionalExpression: equivalent, a decision that is not a failure has no error
    reason: second.action === 'fail' ? second.error : undefined,
    secrets: secretsOf(fresh.headers),
  };
}
