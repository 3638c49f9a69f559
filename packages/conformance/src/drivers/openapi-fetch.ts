import type { AdapterDriver, DriverResponse } from '@jira-auth/adapter-contract';
import { jiraAuthReason } from '@jira-auth/core';
import { createJiraClient, JIRA_PLACEHOLDER, jiraAuthMiddleware } from '@jira-auth/openapi-fetch';

type LooseClient = {
  request(
    method: string,
    path: string,
    init?: Record<string, unknown>,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};

/** openapi-fetch's own `createClient`, of whichever version the application installed. */
type CreateClient = (options: { baseUrl: string }) => LooseClient & { use(middleware: unknown): void };

/**
 * The typed openapi-fetch client. Paths outside Jira's spec (emulator helpers) go through the same middleware.
 * With `createClient`, the application's own openapi-fetch (another version than ours) with `jiraAuthMiddleware`.
 */
export function openapiFetchDriver(version: string, createClient?: CreateClient): AdapterDriver {
  return {
    name: `openapi-fetch ${version}`,
    checksScopesBeforeSending: true,
    createClient({ strategy, baseUrl }) {
      const clientFor = (base: string | undefined): LooseClient => {
        if (!createClient)
          return createJiraClient({ auth: strategy, ...(base ? { baseUrl: base } : {}) }) as never;
        const client = createClient({ baseUrl: base ?? JIRA_PLACEHOLDER });
        client.use(jiraAuthMiddleware(strategy));
        return client;
      };
      const own = clientFor(baseUrl);
      return {
        async send(request) {
          // openapi-fetch joins baseUrl and path: an absolute URL becomes a client for its origin.
          const absolute = /^https?:\/\//.test(request.url) ? new URL(request.url) : undefined;
          const client = absolute ? clientFor(absolute.origin) : own;
          const path = absolute ? `${absolute.pathname}${absolute.search}` : request.url;
          const result = await client.request(request.method, path, {
            ...(request.json !== undefined ? { body: request.json } : {}),
            ...(request.form ? { body: request.form } : {}),
            ...(request.headers ? { headers: request.headers } : {}),
            // As text, then JSON where the answer says so: a download (an attachment's bytes) is not JSON.
            parseAs: 'text',
          });
          const type = result.response.headers.get('content-type') ?? '';
          const data =
            typeof result.data === 'string' && type.includes('json') ? JSON.parse(result.data) : result.data;
          const response: DriverResponse = {
            status: result.response.status,
            headers: result.response.headers,
            body: data ?? result.error,
          };
          // What the application holds for a failed call: the result, and the reason jira-auth attached.
          if (!result.response.ok) response.error = { ...result, cause: jiraAuthReason(result.response) };
          return response;
        },
      };
    },
  };
}
