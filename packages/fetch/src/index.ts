/**
 * Jira authentication for plain `fetch`: the global one, undici's, or any SDK's `fetch` option.
 * @packageDocumentation
 * @module @jira-auth/fetch
 */
import {
  type AuthStrategy,
  authorizeRequest,
  type JiraAuthError,
  joinUrl,
  settleFetchResponse,
} from '@jira-auth/core';

export interface JiraFetchOptions {
  /** The fetch to wrap. @default globalThis.fetch */
  fetch?: typeof fetch;
}

const reasons = new WeakMap<Response, JiraAuthError>();

/** Why jira-auth let a response fail (a rejected credential, a CAPTCHA, a missing scope), if it knows. */
export function jiraAuthReason(response: Response | undefined): JiraAuthError | undefined {
  return response ? reasons.get(response) : undefined;
}

const ABSOLUTE = /^[a-z][a-z\d+\-.]*:\/\//i;

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
    const target =
      typeof input === 'string' && !ABSOLUTE.test(input)
        ? joinUrl(await strategy.baseUrl(init?.signal ?? undefined), input)
        : input;
    const request = new Request(target, init);
    const streamed = typeof ReadableStream !== 'undefined' && init?.body instanceof ReadableStream;
    const url = new URL(request.url);
    const authorized = await authorizeRequest(strategy, {
      url,
      method: request.method,
      headers: request.headers,
      body: init?.body,
      signal: request.signal,
    });
    if (!authorized.authenticated) return fetchImpl(request);
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(authorized.headers)) headers.set(name, value);
    // A copy of the body for the one retry; a one-shot stream cannot be copied and is not replayed.
    const body = request.body && !streamed ? await request.clone().arrayBuffer() : undefined;
    const sent = new Request(request, { headers });
    const settled = await settleFetchResponse(
      strategy,
      {
        url,
        method: request.method,
        headers,
        body,
        replayable: !streamed,
        signal: request.signal,
        redirect: request.redirect,
      },
      await fetchImpl(sent),
      fetchImpl,
    );
    if (settled.reason) reasons.set(settled.response, settled.reason);
    return settled.response;
  };
}
