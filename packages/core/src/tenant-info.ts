import { TenantLookupError } from './errors.js';

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
      `could not reach ${url.href} to find the site's cloudId: check the site URL, or pass cloudId yourself`,
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

/** Caches one lookup; a failed lookup is forgotten so the next call tries again. */
export function cachedCloudId(
  lookup: (signal?: AbortSignal) => Promise<string>,
): (signal?: AbortSignal) => Promise<string> {
  let pending: Promise<string> | undefined;
  return (signal) => {
    pending ??= lookup(signal).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
