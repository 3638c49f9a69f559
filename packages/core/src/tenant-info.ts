import { type AtlassianEndpoints, gatewayBaseUrl, resolveEndpoints } from './endpoints.js';
import { AuthorizationError } from './errors.js';
import type { Report } from './events.js';
import { sharedOnce } from './in-flight.js';
import { parseJson } from './oauth/token-endpoint.js';
import { parseOrigin } from './url.js';

/**
 * The cloudId lookup of `site`, loading its module (`cloud-id.ts`) on first use: a program whose strategies never
 * need a cloudId lookup never loads it.
 */
export const cloudIdLookup =
  (site: URL, fetchImpl: typeof fetch, report: Report) =>
  async (signal?: AbortSignal): Promise<string> => {
    const cloudId = await (await import('./cloud-id.js')).fetchCloudId(site, fetchImpl, signal);
    report({ type: 'cloud-id-looked-up', site: site.origin, cloudId });
    return cloudId;
  };

/**
 * Where a Cloud strategy's calls go, for every strategy in this one place: the gateway for `cloudId` when it is
 * given (checked now), or for the cloudId `cloudId` finds (a site's tenant_info, or the grant's
 * accessible-resources), looked up by the first request that needs it, shared by every caller and run under its own
 * timeout (not a caller's signal). A failed lookup is forgotten, so the next request tries again.
 */
export function cloudBaseUrl(
  api: URL,
  cloudId: string | ((signal: AbortSignal) => Promise<string>),
): (signal?: AbortSignal) => Promise<URL> {
  if (typeof cloudId === 'string') {
    const base = gatewayBaseUrl(api, cloudId);
    return async () => base;
  }
  return sharedOnce(async (signal) => gatewayBaseUrl(api, await cloudId(signal)));
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
      `accessible-resources answered ${response.status} without a list of sites: check endpoints.api`,
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
 * The resource for the site the user named, or, when they named none, the one site the grant reaches. Never the
 * first one: the list has no guaranteed order, so with several sites and no name this fails and lists them.
 * @see https://developer.atlassian.com/cloud/oauth/getting-started/making-calls-to-api/
 */
export function pickSite(resources: readonly AccessibleResource[], site?: string | URL): AccessibleResource {
  const origin = site === undefined ? undefined : parseOrigin(site, 'site').origin;
  const match =
    origin === undefined
      ? resources.length === 1
        ? resources[0]
        : undefined
      : resources.find((resource) => originOf(resource.url) === origin);
  if (match) return match;
  // Origins only: a list answered by a server is repeated, never arbitrary text from it.
  const listed = resources.flatMap((resource) => originOf(resource.url) ?? []).join(', ') || 'none';
  throw new AuthorizationError(
    origin === undefined
      ? `the grant reaches ${resources.length} sites (${listed}): pass site to say which one the calls go to`
      : `the grant does not reach ${origin} (it reaches ${listed}): authorise the app for it, or pick one of those`,
  );
}

/** The origin of a URL a server gave, or undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
