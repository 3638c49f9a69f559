import type { JiraAuthError } from '../errors.js';
import { rateLimitOf } from '../rate-limit.js';
import { limiterOf } from '../rate-limiter.js';
import { reportRateLimit } from '../retry.js';
import type { AuthStrategy } from '../strategy.js';
import {
  type AuthorizedHeaders,
  authorizeRequest,
  decideOnResponse,
  guardHeaders,
  needsDecision,
} from './decide.js';
import { toHeaders } from './headers.js';
import { aimGivenUrl, aimRequest, isAimedAtPlaceholder } from './placeholder.js';
import { jiraAuthReason, rememberReason } from './reason.js';
import { attachReason, hideProperty, redactHeaderRecord, redactRequest, scrubSecrets } from './redact.js';
import { bodyNotReplayable, type FetchRequestCopy, isReplayableBody, keepForReplay } from './replay.js';

/** A request about to be sent, as the adapter's client describes it. */
export interface OutgoingRequest {
  /** The absolute URL it goes to. */
  readonly url: URL;
  /** The HTTP method, any case. */
  readonly method: string;
  /** Its headers, when the client has them as `Headers`; the content type alone is enough (it tells uploads apart). */
  readonly headers?: Headers | undefined;
  /** The body as the application gave it: it tells uploads apart and decides whether the one retry can be sent. */
  readonly body?: unknown;
  readonly signal?: AbortSignal | null | undefined;
}

/**
 * One request's state from {@link authorize} to {@link finish}: keep it with the request (axios's config, got's
 * `context`, a map keyed by the request) and hand it to every later step. Its fields are private: clients copy
 * request options into their errors, and a state found there shows nothing (`RequestState {}`) and holds no string
 * a scrub would rewrite.
 */
export class RequestState {
  readonly #strategy: AuthStrategy;
  readonly #request: OutgoingRequest;
  readonly #authorized: AuthorizedHeaders;
  readonly #replayable: boolean;
  readonly #secrets: string[];
  /** The request is the one retry already: a second 401 is final. */
  retried: boolean;
  /** Why the response failed, when jira-auth knows: set by {@link settle}, attached by {@link finish}. */
  reason: JiraAuthError | undefined;
  /**
   * The adapter hands this request's rate-limited answers to `waitToRetry` or `retryRateLimited`, which report each
   * with its wait: {@link settle} then does not report them too. False unless the adapter sets it.
   */
  retriesRateLimits: boolean;

  constructor(
    strategy: AuthStrategy,
    request: OutgoingRequest,
    authorized: AuthorizedHeaders,
    previous?: RequestState,
  ) {
    this.#strategy = strategy;
    this.#request = request;
    this.#authorized = authorized;
    this.#replayable = isReplayableBody(request.body);
    this.#secrets = previous ? [...previous.secrets, ...authorized.secrets] : [...authorized.secrets];
    this.retried = previous?.retried ?? false;
    this.reason = undefined;
    this.retriesRateLimits = false;
  }

  get strategy(): AuthStrategy {
    return this.#strategy;
  }
  /** False when the request goes outside the strategy's base (another origin or path): it got no credentials at all. */
  get authenticated(): boolean {
    return this.#authorized.authenticated;
  }
  /** The headers to set on the request: the credentials, and `X-Atlassian-Token: no-check` on multipart uploads. */
  get headers(): Readonly<Record<string, string>> {
    return this.#authorized.headers;
  }
  /** The strategy's base URL: credentials stay under it, redirects included ({@link guardRedirect}). */
  get base(): URL {
    return this.#authorized.base;
  }
  get request(): OutgoingRequest {
    return this.#request;
  }
  /** False for a one-shot stream body: the request cannot be sent again (no 401 retry, no rate-limit retry). */
  get replayable(): boolean {
    return this.#replayable;
  }
  /** Header values sent so far (the retry's too): {@link finish} scrubs them from the client's error. */
  get secrets(): string[] {
    return this.#secrets;
  }
}

/**
 * Step 1, before the request goes out: the headers to set, credentials only when the request's origin is the
 * strategy's. A request sent again by the client itself (axios re-runs its interceptors) passes its earlier state,
 * which keeps its secrets and whether it is the retry.
 */
export async function authorize(
  strategy: AuthStrategy,
  request: OutgoingRequest,
  previous?: RequestState,
): Promise<RequestState> {
  const authorized = await authorizeRequest(strategy, {
    url: request.url,
    method: request.method.toUpperCase(),
    headers: request.headers,
    body: request.body,
    signal: request.signal ?? undefined,
  });
  // A limiter attached to the strategy holds the request while the app's quota is spent.
  if (authorized.authenticated)
    await limiterOf(strategy)?.acquire({
      method: request.method.toUpperCase(),
      url: request.url,
      signal: request.signal ?? undefined,
    });
  return new RequestState(strategy, request, authorized, previous);
}

/** A response as a client gives it: a fetch `Response`, or its status, header record and body (read or parsed). */
export type ResponseLike =
  | Response
  | { readonly status: number; readonly headers: unknown; readonly body?: unknown };

/** What a response means: hand it on, send the request once more with these headers, or fail with this reason. */
export type Settlement =
  | { readonly action: 'pass' }
  | { readonly action: 'retry'; readonly headers: Readonly<Record<string, string>> }
  | { readonly action: 'fail'; readonly error: JiraAuthError };

const PASS: Settlement = { action: 'pass' };

/**
 * Step 2, on the response: pass it on, retry once with fresh headers (when the strategy can recover from a 401 and
 * the body can be sent again), or fail with a typed reason (also kept on the state for {@link finish}). Anything but
 * a 401 or a 403 passes at once, without a promise. `consumedBody` is the body when the client has read a fetch
 * `Response` already (ky 2's `HTTPError.data`).
 */
export function settle(
  state: RequestState | undefined,
  response: ResponseLike,
  consumedBody?: unknown,
): Settlement | Promise<Settlement> {
  if (!state?.authenticated) return PASS;
  const limiter = limiterOf(state.strategy);
  if (limiter || response.status === 429 || response.status === 503) {
    const { request, strategy } = state;
    const headers = response instanceof Response ? response.headers : toHeaders(response.headers);
    const reading = rateLimitOf({ status: response.status, headers });
    // A limiter learns from every answer: the limits it paces by come on the successes too.
    if (limiter) {
      limiter.learn({ method: request.method.toUpperCase(), url: request.url }, reading);
      answered.add(state);
    }
    // Every rate limit is reported, once, whether or not anything sends the request again (got and ky retry on their
    // own): finish() does not settle this response a second time.
    if (reading.limited && !state.retriesRateLimits) {
      decided.add(state);
      reportRateLimit({ method: request.method, strategy, url: request.url }, reading, undefined);
    }
  }
  if (!needsDecision(response.status)) return PASS;
  return decide(state, response, consumedBody);
}

/** States whose answer a limiter has learnt from: {@link noAnswer} does not count them unanswered. */
const answered = new WeakSet<RequestState>();

/**
 * For a request that ended without an answer (a network error, an abort): a limiter attached to the strategy stops
 * counting it as in flight. {@link finish} calls it; an adapter whose client reports such failures elsewhere (fetch
 * rejects, openapi-fetch's `onError`) calls it there.
 */
export function noAnswer(state: RequestState | undefined): void {
  if (!state?.authenticated || answered.has(state)) return;
  answered.add(state);
  limiterOf(state.strategy)?.learn({ method: state.request.method.toUpperCase(), url: state.request.url });
}

/** States whose latest response has been decided on (or is being): {@link finish} does not decide on it again. */
const decided = new WeakSet<RequestState>();

async function decide(
  state: RequestState,
  response: ResponseLike,
  consumedBody: unknown,
): Promise<Settlement> {
  const { strategy, request } = state;
  decided.add(state);
  const answer =
    response instanceof Response
      ? { status: response.status, headers: response.headers, body: await fetchBody(response, consumedBody) }
      : { status: response.status, headers: toHeaders(response.headers), body: response.body };
  // What the request carried: a strategy tells a stale token from the current one by it.
  const headers = new Headers(request.headers);
  for (const name in state.headers) headers.set(name, state.headers[name] as string);
  const decision = await decideOnResponse(
    strategy,
    { url: request.url, method: request.method.toUpperCase(), headers },
    answer,
    { retried: state.retried },
  );
  if (decision.action === 'pass') return PASS;
  if (decision.action === 'fail') return fail(state, decision.error);
  if (!state.replayable) return fail(state, bodyNotReplayable());
  const fresh = await authorizeRequest(strategy, {
    url: request.url,
    method: request.method.toUpperCase(),
    headers,
    body: request.body,
    signal: request.signal ?? undefined,
  });
  state.retried = true;
  state.secrets.push(...fresh.secrets);
  // The retry's response is a new one, for its own decision.
  decided.delete(state);
  return { action: 'retry', headers: fresh.headers };
}

function fail(state: RequestState, error: JiraAuthError): Settlement {
  state.reason = error;
  return { action: 'fail', error };
}

/**
 * A fetch response's body matters only for a 401 (the gateway's "scope does not match") and a 403 (Data Center's
 * "Basic Authentication has been disabled"): only then is it read.
 */
async function fetchBody(response: Response, consumed: unknown): Promise<unknown> {
  if (response.status !== 401 && response.status !== 403) return undefined;
  if (response.bodyUsed) return consumed;
  return response
    .clone()
    .text()
    .catch(() => '');
}

/**
 * Before the client follows a redirect: credentials (and `X-Atlassian-Token`) stay on the request only when the
 * redirect stays on the strategy's origin. Clients disagree here (follow-redirects keeps `Authorization` on a
 * subdomain, got on another port of the same host); this is the one rule. Edits `headers` in place.
 */
export function guardRedirect(
  state: RequestState | undefined,
  headers: Record<string, unknown> | undefined,
  target: URL | string | undefined,
): void {
  if (state?.authenticated) guardHeaders(headers, target, state.base);
}

/**
 * Step 3, on the client's error for a request this adapter authorized: attaches the reason as the error's `cause`
 * (where `jiraAuthErrorOf` finds it), deciding it first when no response hook did (`response`, with `body` when the
 * client has read it); keeps the client's `request` reachable but out of logs; blanks the credential headers in
 * `headers` (header records the client keeps where a walk cannot reach them) and on a `Request` it holds; and
 * replaces every sent secret in the error's own data.
 */
export async function finish(
  error: object,
  state: RequestState | undefined,
  options: {
    readonly response?: ResponseLike | undefined;
    readonly body?: unknown;
    readonly headers?: unknown;
  } = {},
): Promise<void> {
  const failed = error as { request?: unknown; response?: unknown };
  const response = options.response;
  let reason = state?.reason ?? (response instanceof Response ? jiraAuthReason(response) : undefined);
  // An adapter without a response hook (or a retry whose answer skipped it) decides here; a response already
  // decided on (its decision may have thrown, as a failed renewal does) is not decided on twice.
  if (!reason && state && response && !decided.has(state)) {
    const settlement = await settle(state, response, options.body);
    if (settlement.action === 'fail') reason = settlement.error;
  }
  if (reason) attachReason(error, reason);
  noAnswer(state);
  const request = failed.request;
  hideProperty(error, 'request');
  hideProperty(failed.response as object | undefined, 'request');
  redactHeaderRecord(options.headers as Record<string, unknown> | undefined);
  if (!state) return;
  if (request instanceof Request) redactRequest(request, Object.keys(state.headers));
  scrubSecrets(error, state.secrets);
}

/** A fetch request made ready by {@link authorizeFetch}. */
export interface FetchRequestState extends RequestState {
  /** The request to send: the one given, or one made again for the strategy's base URL. */
  readonly send: Request;
  /** What the one retry sends: kept before the body is read, when asked for and the request got credentials. */
  readonly copy: FetchRequestCopy | undefined;
}

/**
 * Step 1 for a client built on fetch `Request`s (ky, openapi-fetch): a request still aimed at {@link JIRA_PLACEHOLDER}
 * (or at an absolute URL the client joined to it) is made again for where it goes, gets the headers (on the
 * strategy's origin only), and with `keep`, what the one retry needs is copied before the body is read. `appBody`
 * is the body as the application gave it.
 */
export async function authorizeFetch(
  strategy: AuthStrategy,
  request: Request,
  options: { readonly appBody?: unknown; readonly keep?: boolean } = {},
): Promise<FetchRequestState> {
  const { appBody } = options;
  const given = aimGivenUrl(strategy, request, appBody);
  const aimed = given instanceof Promise ? await given : given;
  const target = isAimedAtPlaceholder(aimed.url) ? await aimRequest(strategy, aimed, appBody) : aimed;
  const url = new URL(target.url);
  const state = await authorize(strategy, {
    url,
    method: target.method,
    headers: target.headers,
    body: appBody,
    signal: target.signal,
  });
  for (const name in state.headers) target.headers.set(name, state.headers[name] as string);
  const copy = options.keep && state.authenticated ? keepForReplay(target, appBody, url) : undefined;
  // Not enumerable, as the state's own fields: the copy holds the headers and body sent.
  return Object.defineProperties(state, {
    send: { value: target, enumerable: false },
    copy: { value: copy instanceof Promise ? await copy : copy, enumerable: false },
  }) as FetchRequestState;
}

/**
 * Step 2 for a client built on fetch: {@link settle}, and for a retry, the request sent once more with `fetchImpl`
 * (fresh headers, the kept body copy). Resolves with the response to hand on (the retry's when there was one), on
 * which `jiraAuthReason` reads why it failed when jira-auth knows; at once (no promise) for anything but a 401 or a
 * 403. `headers` are the headers the request went out with, when the client changed them after
 * {@link authorizeFetch}.
 */
export function settleFetch(
  state: (RequestState & Pick<FetchRequestState, 'copy'>) | undefined,
  response: Response,
  fetchImpl: typeof fetch = globalThis.fetch,
  headers?: Headers,
): Response | Promise<Response> {
  const first = settle(state, response);
  // Anything but a 401 or a 403 is handed on at once, without a promise.
  if (!(first instanceof Promise)) return response;
  return first.then((settlement) =>
    retryFetch(state as FetchRequestState, response, settlement, fetchImpl, headers),
  );
}

async function retryFetch(
  state: FetchRequestState,
  response: Response,
  first: Settlement,
  fetchImpl: typeof fetch,
  headers: Headers | undefined,
): Promise<Response> {
  if (first.action === 'pass') return response;
  if (first.action === 'fail') return failed(response, first.error);
  const { copy } = state;
  if (!copy) return response;
  const sent = new Headers(headers ?? copy.headers);
  for (const [name, value] of Object.entries(first.headers)) sent.set(name, value);
  const init: RequestInit = { method: copy.method, headers: sent, body: copy.body ?? null };
  if (copy.redirect) init.redirect = copy.redirect;
  if (copy.signal) init.signal = copy.signal;
  const again = await fetchImpl(new Request(copy.url, init));
  const second = await settle(state, again);
  return second.action === 'fail' ? failed(again, second.error) : again;
}

function failed(response: Response, reason: JiraAuthError): Response {
  rememberReason(response, reason);
  return response;
}
