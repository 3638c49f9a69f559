/**
 * Jira authentication for plain `fetch`: the global one, undici's, or any SDK's `fetch` option.
 * @packageDocumentation
 * @module @jira-auth/fetch
 */
import type { AuthStrategy } from '@jira-auth/core';
import {
  authorizeRequest,
  copyForReplay,
  isAbsoluteUrl,
  joinUrl,
  rememberReason,
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
    const target =
      typeof input === 'string' && !isAbsoluteUrl(input)
        ? joinUrl(await strategy.baseUrl(init?.signal ?? undefined), input)
        : input;
    const request = new Request(target, init);
    const authorized = await authorizeRequest(strategy, {
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body: init?.body,
      signal: request.signal,
    });
    if (!authorized.authenticated) return fetchImpl(request);
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(authorized.headers)) headers.set(name, value);
    const sent = new Request(request, { headers });
    // A copy of the body for the one retry; a one-shot stream cannot be copied and is not replayed.
    const copy = await copyForReplay(sent, init?.body);
    const settled = await settleFetchResponse(strategy, copy, await fetchImpl(sent), fetchImpl);
    if (settled.reason) rememberReason(settled.response, settled.reason);
    return settled.response;
  };
}
