/**
 * Jira authentication for plain `fetch`: the global one, undici's, or any SDK's `fetch` option.
 * @packageDocumentation
 * @module @jira-auth/fetch
 */
import type { AuthStrategy } from '@jira-auth/core';
import {
  authorizeRequest,
  baseOf,
  copyForReplay,
  type FetchRequestCopy,
  isAbsoluteUrl,
  isReplayableBody,
  joinUrl,
  rememberReason,
  type SettledFetchResponse,
  settleFetchResponse,
} from '@jira-auth/core/adapter-kit';

export { jiraAuthReason } from '@jira-auth/core/adapter-kit';

export interface JiraFetchOptions {
  /** The fetch to wrap. @default globalThis.fetch */
  fetch?: typeof fetch;
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
  return async (input, init) => {
    if (!(typeof input === 'string' || input instanceof URL)) return fromRequest(new Request(input, init));
    // The common case, a URL and options: no Request is built here (fetch builds its own), and no body copied: it is
    // sent again as given on the one retry. The headers kept are the application's, so fetch encodes a FormData or
    // Blob anew with a content type to match; a stream cannot be sent again.
    const url =
      typeof input === 'string' && !isAbsoluteUrl(input)
        ? joinUrl(await baseOf(strategy, init?.signal ?? undefined), input)
        : new URL(input);
    const body = init?.body ?? undefined;
    const headers = new Headers(init?.headers);
    const method = init?.method?.toUpperCase() ?? 'GET';
    const signal = init?.signal ?? undefined;
    const authorized = await authorizeRequest(strategy, { url, method, headers, body, signal });
    if (!authorized.authenticated) return fetchImpl(url, init);
    for (const [name, value] of Object.entries(authorized.headers)) headers.set(name, value);
    const replayable = isReplayableBody(body);
    const copy: FetchRequestCopy = {
      url,
      method,
      headers,
      body: replayable ? body : undefined,
      replayable,
      ...(signal ? { signal } : {}),
      ...(init?.redirect ? { redirect: init.redirect } : {}),
    };
    return settled(
      await settleFetchResponse(strategy, copy, await fetchImpl(url, { ...init, headers }), fetchImpl),
    );
  };

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

function settled(outcome: SettledFetchResponse): Response {
  if (outcome.reason) rememberReason(outcome.response, outcome.reason);
  return outcome.response;
}
