import type { AuthStrategy } from '@jira-auth/core';
import {
  authorize,
  authorizeFetch,
  baseOf,
  joinUrl,
  type RetryPolicy,
  retryPolicyOf,
  retryRateLimited,
  sendFetch,
  settleFetch,
} from '@jira-auth/core/adapter-kit';

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
 * const jira = jiraFetch(basicAuth({ site, email, apiToken }));
 * const me = await (await jira('/rest/api/3/myself')).json();
 */
export function jiraFetch(strategy: AuthStrategy, options: JiraFetchOptions = {}): typeof fetch {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const policy = retryPolicyOf(options.retry);
  const jira = async (input: RequestInfo | URL, init?: RequestInit) => (await send(input, init)).response;
  if (!policy) return jira;
  return async (input, init) => {
    const { response, replayable } = await send(input, init);
    // A stream cannot be sent again: its answer is handed on as it is.
    if (!replayable) return response;
    const method = (input instanceof Request ? input.method : init?.method) ?? 'GET';
    const signal = (input instanceof Request ? input.signal : init?.signal) ?? undefined;
    return retryRateLimited(
      response,
      { method, signal, strategy, url: response.url || undefined },
      policy,
      () => jira(input instanceof Request ? input.clone() : input, init),
      (answer) => answer.body?.cancel(),
    );
  };

  async function send(
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<{ response: Response; replayable: boolean }> {
    if (!(typeof input === 'string' || input instanceof URL)) {
      // A `Request` the application built: its body is copied before sending, for the one retry; the application's
      // own Request cannot be sent again once its body is read.
      const request = new Request(input, init);
      const state = await authorizeFetch(strategy, request, { keep: true });
      // With a policy, a rate limit goes on to retryRateLimited, which reports it with its wait.
      state.retriesRateLimits = policy !== undefined && request.body === null;
      const response = await sendFetch(state, fetchImpl, state.send);
      return {
        response: await settleFetch(state.authenticated ? state : undefined, response, fetchImpl),
        replayable: request.body === null,
      };
    }
    // The common case, a URL and options: no Request is built here (fetch builds its own), and no body copied: it is
    // sent again as given on the one retry. The headers kept are the application's, so fetch encodes a FormData or
    // Blob anew with a content type to match; a stream cannot be sent again.
    const url =
      typeof input === 'string' && !/^[a-z][a-z\d+\-.]*:\/\//i.test(input)
        ? joinUrl(await baseOf(strategy, init?.signal ?? undefined), input)
        : new URL(input);
    const body = init?.body ?? undefined;
    const method = init?.method?.toUpperCase() ?? 'GET';
    // Headers given as a plain record (or none) stay a plain record: building a `Headers` here and again inside
    // fetch costs more per request than everything else this adapter does.
    const own = init?.headers;
    const record = own === undefined || isRecord(own);
    const headers = record ? undefined : new Headers(own);
    const type = headers ? undefined : contentTypeOf(own as Record<string, string> | undefined);
    const state = await authorize(strategy, {
      url,
      method,
      headers: headers ?? (type === undefined ? undefined : new Headers({ 'content-type': type })),
      body,
      signal: init?.signal,
    });
    if (!state.authenticated) return { response: await fetchImpl(url, init), replayable: state.replayable };
    let sent: HeadersInit;
    if (headers) {
      for (const [name, value] of Object.entries(state.headers)) headers.set(name, value);
      sent = headers;
    } else sent = withHeaders(own as Record<string, string> | undefined, state.headers);
    state.retriesRateLimits = policy !== undefined && state.replayable;
    // On the gateway, the kit follows redirects itself: fetch would keep credentials on another tenant's path.
    const response = await sendFetch(state, fetchImpl, url, Object.assign({}, init, { headers: sent }));
    // What the one retry sends: the body again as the application gave it.
    const copy = {
      url,
      method,
      headers: headers ?? new Headers(sent),
      body: state.replayable ? (body as BodyInit) : undefined,
      replayable: state.replayable,
      signal: init?.signal,
      redirect: init?.redirect,
    };
    return {
      response: await settleFetch(Object.assign(state, { copy }), response, fetchImpl),
      replayable: state.replayable,
    };
  }
}

/** The content type in a plain header record, whatever the case of its name. */
function contentTypeOf(headers: Record<string, string> | undefined): string | undefined {
  for (const name in headers) if (name.toLowerCase() === 'content-type') return headers[name];
  return undefined;
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
