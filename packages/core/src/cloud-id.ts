import { TenantLookupError } from './errors.js';

// A module of its own, loaded with import() by the first request that needs a site's cloudId (a scoped token or a
// service account given only the site): a program that never needs one never loads it.

/**
 * Finds a Cloud site's cloudId from `<site>/_edge/tenant_info`, which needs no authentication.
 * UNCONFIRMED as a published API: Atlassian documents it in a KB article, not in the REST reference.
 * @see https://support.atlassian.com/jira/kb/retrieve-my-atlassian-sites-cloud-id
 */
export async function fetchCloudId(
  site: URL,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<string> {
  const url = new URL('/_edge/tenant_info', site);
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (cause) {
    throw new TenantLookupError(
      `could not reach ${url.href} for the site's cloudId: check the site, or pass cloudId`,
      {
        cause,
      },
    );
  }
  const body = (await response.json().catch(() => undefined)) as { cloudId?: unknown } | undefined;
  if (!response.ok || typeof body?.cloudId !== 'string' || body.cloudId === '') {
    throw new TenantLookupError(
      `${url.href} answered ${response.status} without a cloudId: check the site is on Atlassian Cloud, or pass cloudId`,
      { response: { status: response.status, headers: response.headers } },
    );
  }
  return body.cloudId;
}
