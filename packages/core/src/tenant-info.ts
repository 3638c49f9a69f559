import { TenantLookupError } from './errors.js';
import { sharedOnce } from './in-flight.js';

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
    const timedOut = (cause as { name?: unknown } | undefined)?.name === 'TimeoutError';
    throw new TenantLookupError(
      timedOut
        ? `${url.href} did not answer in time to give the site's cloudId: try again, or pass cloudId yourself`
        : `could not reach ${url.href} to find the site's cloudId: check the site URL, or pass cloudId yourself`,
      { cause },
    );
  }
  const body = (await response.json().catch(() => undefined)) as { cloudId?: unknown } | undefined;
  if (!response.ok || typeof body?.cloudId !== 'string' || body.cloudId === '') {
    throw new TenantLookupError(
      `${url.href} answered ${response.status} without a cloudId: is this an Atlassian Cloud site? Pass cloudId yourself if it is`,
      { response: { status: response.status, headers: response.headers } },
    );
  }
  return body.cloudId;
}

/**
 * Caches one lookup, shared by every caller and run under its own timeout (not a caller's signal); a failed lookup
 * is forgotten so the next call tries again.
 */
export function cachedCloudId(
  lookup: (signal: AbortSignal) => Promise<string>,
): (signal?: AbortSignal) => Promise<string> {
  return sharedOnce(lookup);
}
