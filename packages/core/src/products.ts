/**
 * One credential, every Atlassian product it opens: a Cloud strategy made for Jira reaches Jira Service Management,
 * Confluence and Assets through views that share its token (one token family, one renewal), each with the exact
 * base its credentials may go to; and the links a person can open (`siteUrl`, `browseUrl`).
 * @packageDocumentation
 * @module @jira-auth/core/products
 */
import { authorizeRequest } from './adapter-kit/decide.js';
import { type AtlassianEndpoints, resolveEndpoints } from './endpoints.js';
import { ConfigurationError, TenantLookupError } from './errors.js';
import { emit, type JiraAuthEvent, observe } from './events.js';
import { shareLimiter } from './rate-limiter.js';
import { markFixed, mayRecover } from './recovery.js';
import type { AuthStrategy } from './strategy.js';
import { joinUrl } from './url.js';

/**
 * The products one Atlassian Cloud credential reaches: Jira (and Jira Service Management, whose REST API,
 * `/rest/servicedeskapi`, lives under Jira's base), Confluence (`/wiki`), and Assets (its own base on the gateway,
 * `/jsm/assets/workspace/{workspaceId}/v1`, even for a classic API token).
 */
export type Product = 'jira' | 'service-management' | 'confluence' | 'assets';

export interface ForProductOptions {
  /** Atlassian's hosts, for Assets (on the gateway even for a classic token). @default Atlassian's */
  endpoints?: AtlassianEndpoints;
  /** Assets: the workspace id, when you know it; looked up once (and kept) otherwise. */
  workspaceId?: string;
  /** Assets: the fetch for the workspace lookup. @default globalThis.fetch */
  fetch?: typeof fetch;
}

const GATEWAY_JIRA = /^\/ex\/jira\/([^/]+)\/?$/;

/** How a strategy's base reads: the gateway's Jira base for a cloudId, or a site. */
function routeOf(base: URL): { gateway: true; api: URL; cloudId: string } | { gateway: false; site: URL } {
  const match = GATEWAY_JIRA.exec(base.pathname);
  if (match?.[1]) return { gateway: true, api: new URL(base.origin), cloudId: match[1] };
  return { gateway: false, site: base };
}

const views = new WeakMap<AuthStrategy, Map<string, AuthStrategy>>();
/** Each view's strategy and product, so that a view asked for a product answers as its strategy would. */
const origins = new WeakMap<AuthStrategy, { strategy: AuthStrategy; product: Product; key: string }>();

/**
 * A view of a Cloud strategy for another product: the same credential and token (renewed once for every product),
 * with the product's base, the only place its requests get credentials. Hand it to any adapter:
 * `jiraFetch(forProduct(auth, 'confluence'))`. For `jira` and `service-management` it is the strategy itself.
 *
 * - Confluence: `<site>/wiki` for a classic token, `https://api.atlassian.com/ex/confluence/{cloudId}/wiki` for a
 *   strategy on the gateway (scoped tokens, OAuth, service accounts).
 * - Assets: `https://api.atlassian.com/jsm/assets/workspace/{workspaceId}/v1` for every strategy; the workspace id
 *   comes from `GET <jira base>/rest/servicedeskapi/assets/workspace`, asked once.
 *
 * The view is made once per strategy and product, and shares the strategy's events and rate limiter. A view given
 * in place of the strategy is read as its strategy: `forProduct(forProduct(auth, 'confluence'), 'confluence')` is
 * the same view, and `forProduct(view, 'jira')` is `auth`.
 *
 * @example
 * const auth = oauth2({ clientId, clientSecret, cloudId, tokens });
 * const wiki = jiraFetch(forProduct(auth, 'confluence'));
 * const spaces = await (await wiki('/api/v2/spaces')).json();
 */
export function forProduct(
  strategy: AuthStrategy,
  product: Product,
  options: ForProductOptions = {},
): AuthStrategy {
  const origin = origins.get(strategy);
  if (origin) {
    const key = `${product} ${options.workspaceId ?? ''}`;
    const same = key === origin.key || (product === origin.product && options.workspaceId === undefined);
    return same ? strategy : forProduct(origin.strategy, product, options);
  }
  if (product === 'jira' || product === 'service-management') return strategy;
  if (product !== 'confluence' && product !== 'assets')
    throw new ConfigurationError(
      'product',
      `must be one of jira, service-management, confluence or assets, not ${JSON.stringify(product)}`,
    );
  const known = views.get(strategy) ?? new Map<string, AuthStrategy>();
  views.set(strategy, known);
  const key = `${product} ${options.workspaceId ?? ''}`;
  const existing = known.get(key);
  if (existing) return existing;
  let base: Promise<URL> | undefined;
  const view: AuthStrategy = {
    kind: strategy.kind,
    baseUrl(signal) {
      base ??= (
        product === 'confluence' ? confluenceBase(strategy, signal) : assetsBase(strategy, options, signal)
      ).catch((error: unknown) => {
        base = undefined;
        throw error;
      });
      return base;
    },
    authenticate: (request) => strategy.authenticate(request),
    unauthorized: (request, response) => strategy.unauthorized(request, response),
    ...(strategy.grantedScopes ? { grantedScopes: strategy.grantedScopes.bind(strategy) } : {}),
  };
  if (!mayRecover(strategy)) markFixed(view);
  shareEvents(view, strategy);
  shareLimiter(view, strategy);
  known.set(key, view);
  origins.set(view, { strategy, product, key });
  return view;
}

/** The view's events go to whatever listener the strategy has when they happen. */
function shareEvents(view: AuthStrategy, strategy: AuthStrategy): void {
  observe(view, (event: JiraAuthEvent) => emit(strategy, event));
}

async function confluenceBase(strategy: AuthStrategy, signal?: AbortSignal): Promise<URL> {
  const route = routeOf(await strategy.baseUrl(signal));
  return route.gateway
    ? new URL(`${route.api.origin}/ex/confluence/${route.cloudId}/wiki`)
    : joinUrl(route.site, '/wiki');
}

async function assetsBase(
  strategy: AuthStrategy,
  options: ForProductOptions,
  signal?: AbortSignal,
): Promise<URL> {
  const jira = await strategy.baseUrl(signal);
  const route = routeOf(jira);
  const api = route.gateway ? route.api : resolveEndpoints(options.endpoints).api;
  const workspaceId = options.workspaceId ?? (await workspaceOf(strategy, jira, options.fetch, signal));
  return new URL(`${api.origin}/jsm/assets/workspace/${encodeURIComponent(workspaceId)}/v1`);
}

/** The site's Assets workspace, from Service Management's API (authenticated, with the strategy's credentials). */
async function workspaceOf(
  strategy: AuthStrategy,
  jira: URL,
  fetchImpl: typeof fetch = globalThis.fetch,
  signal?: AbortSignal,
): Promise<string> {
  const url = joinUrl(jira, '/rest/servicedeskapi/assets/workspace');
  const body = await authenticatedJson(strategy, url, fetchImpl, signal, 'the Assets workspace id');
  const workspaceId = (body as { values?: { workspaceId?: unknown }[] } | undefined)?.values?.[0]
    ?.workspaceId;
  if (typeof workspaceId !== 'string' || workspaceId === '')
    throw new TenantLookupError(
      `${url.href} lists no Assets workspace: Assets needs Jira Service Management with Assets on the site, or pass workspaceId`,
    );
  return workspaceId;
}

/** A GET with the strategy's credentials, for a lookup of core's own; its JSON, or a typed error naming `what`. */
async function authenticatedJson(
  strategy: AuthStrategy,
  url: URL,
  fetchImpl: typeof fetch,
  signal: AbortSignal | undefined,
  what: string,
): Promise<unknown> {
  const { headers } = await authorizeRequest(strategy, { url, method: 'GET', signal });
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { ...headers, accept: 'application/json' },
      signal: signal ?? null,
    });
  } catch (cause) {
    throw new TenantLookupError(`could not reach ${url.href} for ${what}`, { cause });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new TenantLookupError(`${url.href} answered ${response.status} when asked for ${what}`, {
      response: { status: response.status, headers: response.headers },
    });
  }
  return response.json().catch(() => undefined);
}

const sites = new WeakMap<AuthStrategy, Promise<URL>>();

/**
 * The site a person opens in a browser, `https://<site>.atlassian.net`: the strategy's base for a classic token;
 * for a strategy on the gateway, the `baseUrl` Jira's `serverInfo` gives for its cloudId (asked once).
 */
export function siteUrl(
  strategy: AuthStrategy,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<URL> {
  // A view's site is its strategy's (the view's own base is another product's).
  const origin = origins.get(strategy);
  if (origin) return siteUrl(origin.strategy, options);
  const known = sites.get(strategy);
  if (known) return known;
  const lookup = (async () => {
    const base = await strategy.baseUrl(options.signal);
    const route = routeOf(base);
    if (!route.gateway) return new URL(base.origin);
    const url = joinUrl(base, '/rest/api/3/serverInfo');
    const body = await authenticatedJson(
      strategy,
      url,
      options.fetch ?? globalThis.fetch,
      options.signal,
      'the site URL',
    );
    const site = (body as { baseUrl?: unknown } | undefined)?.baseUrl;
    if (typeof site !== 'string' || !URL.canParse(site))
      throw new TenantLookupError(`${url.href} gave no baseUrl for the site`);
    return new URL(new URL(site).origin);
  })();
  sites.set(strategy, lookup);
  lookup.catch(() => sites.delete(strategy));
  return lookup;
}

/** The link a person opens for an issue: `https://<site>.atlassian.net/browse/DEMO-1`, for every Cloud strategy. */
export async function browseUrl(
  strategy: AuthStrategy,
  issueKey: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<URL> {
  if (!/^[A-Z][A-Z0-9_]*-\d+$/i.test(issueKey))
    throw new ConfigurationError(
      'issueKey',
      `must be an issue key such as DEMO-1, not ${JSON.stringify(issueKey)}`,
    );
  return new URL(`/browse/${issueKey.toUpperCase()}`, await siteUrl(strategy, options));
}

/**
 * A link Jira returned, made followable with the strategy: on the gateway, Jira's answers point at the site host
 * (attachment `content`, some `self` links), where a scoped token or an OAuth token is refused and this strategy
 * sends no credentials; the same path under the strategy's gateway base works. A link already under the base, and
 * any link for a classic token, is returned as it is; a link to another host (a media download) too, and gets no
 * credentials there.
 *
 * @example
 * const file = await jira(await gatewayUrl(auth, attachment.content));
 */
export async function gatewayUrl(
  strategy: AuthStrategy,
  link: string | URL,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<URL> {
  const url = new URL(link);
  const origin = origins.get(strategy);
  const jira = origin ? origin.strategy : strategy;
  if (!routeOf(await jira.baseUrl(options.signal)).gateway) return url;
  const site = await siteUrl(jira, options);
  if (url.origin !== site.origin) return url;
  const base = await strategy.baseUrl(options.signal);
  // Confluence's view: its site links are under /wiki, which its gateway base already ends with.
  if (origin?.product === 'confluence') {
    if (url.pathname !== '/wiki' && !url.pathname.startsWith('/wiki/')) return url;
    return joinUrl(base, `${url.pathname.slice('/wiki'.length)}${url.search}`);
  }
  if (origin) return url;
  return joinUrl(base, `${url.pathname}${url.search}`);
}

/**
 * The link a person opens for a Confluence page: `https://<site>.atlassian.net/wiki/spaces/DOCS/pages/65537` from
 * the page's `_links.webui` (relative to `<site>/wiki`, as both APIs give it), or from its id
 * (`/wiki/pages/viewpage.action?pageId=65537`, which Confluence redirects to the page). For every Cloud strategy
 * and its views.
 */
export async function pageUrl(
  strategy: AuthStrategy,
  page: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<URL> {
  const site = await siteUrl(strategy, options);
  if (/^\d+$/.test(page)) return new URL(`/wiki/pages/viewpage.action?pageId=${page}`, site);
  if (!page.startsWith('/') || page.startsWith('//') || page.includes('..'))
    throw new ConfigurationError(
      'page',
      `must be a page id such as 65537 or the page's _links.webui such as /spaces/DOCS/pages/65537, not ${JSON.stringify(page)}`,
    );
  return joinUrl(new URL('/wiki', site), page);
}
