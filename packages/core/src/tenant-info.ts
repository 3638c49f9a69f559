import { type AtlassianEndpoints, resolveEndpoints } from './endpoints.js';
import { AuthorizationError, ConfigurationError, TenantLookupError } from './errors.js';
import { sharedOnce } from './in-flight.js';
import { parseJson } from './oauth/token-endpoint.js';
import { parseOrigin } from './url.js';

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

/** The cloudId from the options, or found once by `lookup` from the site. */
export function siteCloudId(
  options: { site?: string | URL; cloudId?: string },
  lookup: (signal?: AbortSignal) => Promise<string>,
): (signal?: AbortSignal) => Promise<string> {
  const given = options.cloudId;
  if (given !== undefined) return async () => given;
  if (options.site === undefined) {
    throw new ConfigurationError(
      'site',
      'is missing: pass site (e.g. https://your-site.atlassian.net) or cloudId, so calls reach the right site',
    );
  }
  return cachedCloudId(lookup);
}

/** One site the grant reaches. `id` is its cloudId. */
export interface AccessibleResource {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly avatarUrl?: string;
}

/** The sites an access token reaches, in no guaranteed order. */
export async function accessibleResources(options: {
  accessToken: string;
  endpoints?: AtlassianEndpoints;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}): Promise<AccessibleResource[]> {
  const url = new URL('/oauth/token/accessible-resources', resolveEndpoints(options.endpoints).api);
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    headers: { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' },
    signal: options.signal ?? null,
  });
  if (!response.ok) {
    throw new AuthorizationError(
      `accessible-resources answered ${response.status}: the access token is not valid`,
      {
        response: { status: response.status, headers: response.headers },
      },
    );
  }
  const sites = parseJson(await response.text());
  if (!Array.isArray(sites)) {
    throw new AuthorizationError(
      `accessible-resources answered ${response.status} with ${sites === undefined ? 'a body that is not JSON' : 'JSON that is not a list of sites'}: is the api endpoint URL right?`,
    );
  }
  // Entries without a string id and url cannot be picked or called: left out rather than trusted.
  return sites.filter(
    (site): site is AccessibleResource =>
      typeof site === 'object' &&
      site !== null &&
      typeof (site as AccessibleResource).id === 'string' &&
      (site as AccessibleResource).id !== '' &&
      typeof (site as AccessibleResource).url === 'string',
  );
}

/**
 * The resource for the site the user named. Never the first one: the list has no guaranteed order.
 * @see https://developer.atlassian.com/cloud/oauth/getting-started/making-calls-to-api/
 */
export function pickSite(resources: readonly AccessibleResource[], site: string | URL): AccessibleResource {
  const origin = parseOrigin(site, 'site').origin;
  const match = resources.find((resource) => {
    try {
      return new URL(resource.url).origin === origin;
    } catch {
      return false;
    }
  });
  if (!match) {
    // Origins only: a list answered by a server is repeated, never arbitrary text from it.
    const origins = resources.flatMap((resource) => {
      try {
        return [new URL(resource.url).origin];
      } catch {
        return [];
      }
    });
    const listed = origins.join(', ') || 'none';
    throw new AuthorizationError(
      `the grant does not reach ${origin}; it reaches: ${listed}. Authorise the app for ${origin}, or pick one of those`,
    );
  }
  return match;
}
