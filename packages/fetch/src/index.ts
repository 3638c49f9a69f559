/**
 * Jira authentication for plain `fetch`: the global one, undici's, or any SDK's `fetch` option.
 * @packageDocumentation
 * @module @jira-auth/fetch
 */
import type { AuthStrategy } from '@jira-auth/core';
import {
  authorizeRequest,
  baseOf,
  contentTypeHeaders,
  copyForReplay,
  type FetchRequestCopy,
  headerValue,
  isAbsoluteUrl,
  isReplayableBody,
  joinUrl,
  needsDecision,
  type RetryPolicy,
  rememberReason,
  retryRateLimited,
  type SettledFetchResponse,
  settleFetchResponse,
} from '@jira-auth/core/adapter-kit';

export { jiraAuthReason } from '@jira-auth/core/adapter-kit';

export interface JiraFetchOptions {
  /** The fetch to wrap. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Send a rate-limited request again (a 429, or a 503 with `Retry-After`): `true` for the defaults, or a policy.
   * `Retry-After` is honoured; without it, exponential backoff with full jitter. Only idempotent methods unless the
   * policy names others, never a stream body, never a 401 or 403. Off unless set.
   */
  retry?: boolean | RetryPolicy;
}

/**
 * A function with `fetch`'s signature that authenticates requests to Jira: relative URLs go to the strategy's base
 * URL; credentials only to the strategy's origin (fetch drops them on a redirect to another origin);
 * `X-Atlassian-Token: no-check` on multipart uploads; one retry with fresh headers after a 401 the strategy can
 * recover from. Like fetch, it resolves with HTTP errors: `jiraAuthReason(response)` says why jira-auth let one fail.
 *
 * @example
 * const jiraFetch = jiraFetch(basicAuth({ site, email, apiToken }));
 * const me = await (await jiraFetch('/rest/api/3/myself')).json();
 */
export function jiraFetch(strategy: AuthStrategy, options: JiraFetchOptions = {}): typeof fetch {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const policy = options.retry === true ? {} : options.retry || undefined;
  if (!policy) return send;
  return async (input, init) => {
    const response = await send(input, init);
    // A Request's body is spent once sent, and a stream cannot be sent again: those are handed on as they are.
    const body = input instanceof Request ? input.body : init?.body;
    if (body && !isReplayableBody(body)) return response;
    const method = (input instanceof Request ? input.method : init?.method) ?? 'GET';
    const signal = (input instanceof Request ? input.signal : init?.signal) ?? undefined;
    return retryRateLimited(
      response,
      { method, signal, strategy, url: response.url || undefined },
      policy,
      () => send(input instanceof Request ? input.clone() : input, init),
      (answer) => answer.body?.cancel(),
    );
  };

  async function send(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (!(typeof input === 'string' || input instanceof URL)) return fromRequest(new Request(input, init));
    // The common case, a URL and options: no Request is built here (fetch builds its own), and no body copied: it is
    // sent again as given on the one retry. The headers kept are the application's, so fetch encodes a FormData or
    // Blob anew with a content type to match; a stream cannot be sent again.
    const url =
      typeof input === 'string' && !isAbsoluteUrl(input)
        ? joinUrl(await baseOf(strategy, init?.signal ?? undefined), input)
        : new URL(input);
    const body = init?.body ?? undefined;
    const method = init?.method?.toUpperCase() ?? 'GET';
    const signal = init?.signal ?? undefined;
    // Headers given as a plain record (or none) stay a plain record: building a `Headers` here and again inside
    // fetch costs more per request than everything else this adapter does.
    const own = init?.headers;
    const record = own === undefined || isRecord(own);
    const headers = record ? undefined : new Headers(own);
    const authorized = await authorizeRequest(strategy, {
      url,
      method,
      headers:
        headers ?? contentTypeHeaders(headerValue(own as Record<string, string> | undefined, 'content-type')),
      body,
      signal,
    });
    if (!authorized.authenticated) return fetchImpl(url, init);
    let sent: HeadersInit;
    if (headers) {
      for (const [name, value] of Object.entries(authorized.headers)) headers.set(name, value);
      sent = headers;
    } else sent = withHeaders(own as Record<string, string> | undefined, authorized.headers);
    // No spread with a property after it on a hot path: about 1 µs on Node 20 (docs/guide/performance.md).
    const response = await fetchImpl(url.href, Object.assign({}, init, { headers: sent }));
    // Only a 401 or 403 is decided on: for every other answer, nothing more is built.
    if (!needsDecision(response.status)) return response;
    const replayable = isReplayableBody(body);
    const copy: FetchRequestCopy = {
      url,
      method,
      headers: headers ?? new Headers(sent),
      body: replayable ? body : undefined,
      replayable,
      ...(signal ? { signal } : {}),
      ...(init?.redirect ? { redirect: init.redirect } : {}),
    };
    return settled(await settleFetchResponse(strategy, copy, response, fetchImpl));
  }

  /** A `Request` the application built: its body is copied before sending, for the one retry. */
  async function fromRequest(request: Request): Promise<Response> {
    const authorized = await authorizeRequest(strategy, {
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      signal: request.signal,
    });
    if (!authorized.authenticated) return fetchImpl(request);
    for (const [name, value] of Object.entries(authorized.headers)) request.headers.set(name, value);
    const copy = await copyForReplay(request);
    return settled(await settleFetchResponse(strategy, copy, await fetchImpl(request), fetchImpl));
  }
}

/** A plain object of headers (not `Headers`, not a list of pairs). */
function isRecord(headers: HeadersInit): headers is Record<string, string> {
  const prototype = Object.getPrototypeOf(headers);
  return prototype === Object.prototype || prototype === null;
}

/** The application's headers with jira-auth's, which replace any of the same name whatever its case. */
function withHeaders(
  own: Record<string, string> | undefined,
  added: Record<string, string>,
): Record<string, string> {
  if (!own) return added;
  const replaced = new Set(Object.keys(added).map((name) => name.toLowerCase()));
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(own))
    if (!replaced.has(name.toLowerCase())) merged[name] = value;
  return Object.assign(merged, added);
}

function settled(outcome: SettledFetchResponse): Response {
  if (outcome.reason) rememberReason(outcome.response, outcome.reason);
  return outcome.response;
}
