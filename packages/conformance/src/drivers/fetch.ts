import type { AdapterDriver, DriverResponse } from '@jira-auth/adapter-contract';
import { jiraAuthReason } from '@jira-auth/core';
import { joinUrl } from '@jira-auth/core/adapter-kit';
import { jiraFetch } from '@jira-auth/fetch';

/** Plain fetch (Node's global one) through jiraFetch. fetch has no base URL option: the driver joins it, as users do. */
export function fetchDriver(): AdapterDriver {
  return {
    name: `fetch (Node ${process.versions.node})`,
    createClient({ strategy, baseUrl }) {
      const jira = jiraFetch(strategy);
      return {
        async send(request) {
          const url =
            baseUrl && !/^https?:\/\//.test(request.url) ? joinUrl(baseUrl, request.url).href : request.url;
          const response = await jira(url, {
            method: request.method,
            headers: {
              ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}),
              ...request.headers,
            },
            ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : {}),
            ...(request.form ? { body: request.form } : {}),
          });
          const text = await response.text();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          const result: DriverResponse = { status: response.status, headers: response.headers, body };
          // What the application holds for a failed call: the response, and the reason jira-auth attached.
          if (!response.ok) result.error = { response, cause: jiraAuthReason(response) };
          return result;
        },
      };
    },
  };
}
