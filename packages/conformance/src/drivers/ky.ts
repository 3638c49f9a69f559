import type { AdapterDriver } from '@jira-auth/adapter-contract';
import { jiraAuth, type KyInstance } from '@jira-auth/ky';

/** The subset of ky the driver uses, shared by ky 1 and 2. */
interface KyLike {
  create(
    options: Record<string, unknown>,
  ): (input: string | URL, options?: Record<string, unknown>) => Promise<Response>;
}

/** The ky driver, for the ky module passed in (1 or 2). */
export function kyDriver(ky: KyLike, version: string): AdapterDriver {
  const major = Number(version.split('.')[0]) === 1 ? 1 : 2;
  return {
    name: `ky ${version}`,
    createClient({ strategy, baseUrl }) {
      const own = baseUrl ? (major === 1 ? { prefixUrl: baseUrl } : { prefix: baseUrl }) : {};
      const client = ky.create({
        ...jiraAuth(strategy, { ky: ky as unknown as KyInstance }),
        ...own,
        retry: 0,
      });
      return {
        async send(request) {
          const absolute = /^https?:\/\//.test(request.url);
          // ky 1's prefixUrl rules: no leading slash, absolute URLs as URL objects.
          const url =
            major === 1 ? (absolute ? new URL(request.url) : request.url.replace(/^\//, '')) : request.url;
          const read = async (response: Response) => {
            const text = await response.text();
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // not JSON
            }
            return { status: response.status, headers: response.headers, body };
          };
          try {
            return await read(
              await client(url, {
                method: request.method,
                ...(request.json !== undefined ? { json: request.json } : {}),
                ...(request.form ? { body: request.form } : {}),
                ...(request.headers ? { headers: request.headers } : {}),
              }),
            );
          } catch (error) {
            const { response, data } = error as { response?: Response; data?: unknown };
            // Only ky's HTTPError carries a Response; a jira-auth error thrown before sending has none to read.
            if (!(response instanceof Response)) throw error;
            // ky 2 reads the body of an HTTPError into `data` already.
            if (response.bodyUsed)
              return { status: response.status, headers: response.headers, body: data, error };
            return { ...(await read(response)), error };
          }
        },
      };
    },
  };
}
