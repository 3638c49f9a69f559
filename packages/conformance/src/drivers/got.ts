import type { AdapterDriver, DriverResponse } from '@jira-auth/adapter-contract';
import { jiraAuth } from '@jira-auth/got';

interface GotResponseLike {
  statusCode: number;
  headers: Record<string, unknown>;
  body: unknown;
}

/** What the driver uses of got, the same in got 14, 15 and 16. */
interface GotLike {
  extend(
    ...options: object[]
  ): (url: string | URL, options?: Record<string, unknown>) => PromiseLike<GotResponseLike>;
}

/** The got driver, for the got module passed in (14, 15 or 16). */
export function gotDriver(got: GotLike, version: string): AdapterDriver {
  return {
    name: `got ${version}`,
    createClient({ strategy, baseUrl }) {
      const client = got.extend(jiraAuth(strategy), {
        retry: { limit: 0 },
        ...(baseUrl ? { prefixUrl: baseUrl } : {}),
      });
      return {
        async send(request) {
          // got's rules: with prefixUrl, a relative path has no leading slash and an absolute URL is a URL object.
          const url = /^https?:\/\//.test(request.url)
            ? new URL(request.url)
            : request.url.replace(/^\//, '');
          const toResponse = (response: {
            statusCode: number;
            headers: Record<string, unknown>;
            body: unknown;
          }) => ({
            status: response.statusCode,
            headers: toHeaders(response.headers),
            body: parse(response.body, String(response.headers['content-type'] ?? '')),
          });
          try {
            const response = await client(url, {
              method: request.method,
              ...(request.json !== undefined ? { json: request.json } : {}),
              ...(request.form ? { body: request.form } : {}),
              ...(request.headers ? { headers: request.headers } : {}),
            });
            return toResponse(response) satisfies DriverResponse;
          } catch (error) {
            const response = (error as { response?: Parameters<typeof toResponse>[0] }).response;
            if (!response) throw error;
            return { ...toResponse(response), error };
          }
        },
      };
    },
  };
}

function parse(body: unknown, type: string): unknown {
  if (typeof body !== 'string' || !type.includes('json')) return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** got's header record (array values joined) as `Headers`. */
function toHeaders(record: Record<string, unknown>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
  return headers;
}
