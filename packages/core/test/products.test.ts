// One credential, every product it opens: Jira, Service Management, Confluence and Assets through views of one
// strategy that share its token (one renewal for all), each with the exact base its credentials may go to; and the
// site links a person opens. Against the emulator, through the adapter kit as every adapter sends.
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
  PRODUCT_SCOPES,
} from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorize, joinUrl, settle } from '../src/adapter-kit/index.js';
import {
  type AuthStrategy,
  basicAuth,
  ConfigurationError,
  clientCredentials,
  type JiraAuthEvent,
  oauth2,
  observe,
} from '../src/index.js';
import { limitWith, QuotaExhaustedError, rateLimiter } from '../src/limiter.js';
import { browseUrl, forProduct, gatewayUrl, type Product, pageUrl, siteUrl } from '../src/products.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** The call each product's client makes first, below the product's base. */
const FIRST_CALL: Record<Product, string> = {
  jira: '/rest/api/3/myself',
  'service-management': '/rest/servicedeskapi/servicedesk',
  confluence: '/api/v2/spaces',
  assets: '/objectschema/list',
};
const PRODUCTS = Object.keys(FIRST_CALL) as Product[];

/** One request as an adapter sends it: credentials only if the kit gives them. */
async function send(
  strategy: AuthStrategy,
  target: string,
): Promise<{ status: number; authenticated: boolean }> {
  const url = /^https?:/.test(target) ? new URL(target) : joinUrl(await strategy.baseUrl(), target);
  const state = await authorize(strategy, { url, method: 'GET' });
  const response = await fetch(url, { headers: state.headers });
  await response.arrayBuffer();
  return { status: response.status, authenticated: state.authenticated };
}

const inProduct = (strategy: AuthStrategy, product: Product) =>
  send(forProduct(strategy, product, { endpoints: emulator.endpoints }), FIRST_CALL[product]);

const classic = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.classicToken,
  });
const scoped = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.scopedToken,
    scoped: true,
    endpoints: emulator.endpoints,
  });
const threeLegged = (
  onEvent?: (event: JiraAuthEvent) => void,
  scopes: readonly string[] = ['read:jira-user', 'offline_access', ...PRODUCT_SCOPES],
) =>
  oauth2({
    clientId: DEFAULT_OAUTH_CLIENT.clientId,
    clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
    tokens: emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, scopes),
    ...(onEvent ? { onEvent } : {}),
  });
const serviceAccount = () =>
  clientCredentials({
    clientId: DEFAULT_SERVICE_ACCOUNT.clientId,
    clientSecret: DEFAULT_SERVICE_ACCOUNT.clientSecret,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
  });

describe.each([
  ['a classic API token', classic],
  ['a scoped API token', scoped],
  ['3LO', () => threeLegged()],
  ['a service account', serviceAccount],
])('%s reaches every product', (_name, make) => {
  it.each(PRODUCTS)('%s', async (product) => {
    expect(await inProduct(make(), product)).toEqual({ status: 200, authenticated: true });
  });
});

it('one token family, one renewal: after a forced expiry, calls to all four products make one token request', async () => {
  const events: JiraAuthEvent[] = [];
  const auth = threeLegged((event) => events.push(event));
  for (const product of PRODUCTS) expect((await inProduct(auth, product)).status).toBe(200);
  emulator.advanceClock(3600 + 60);
  const before = emulator.requests({ host: 'auth', path: '/oauth/token' }).length;
  const answers = await Promise.all(
    PRODUCTS.flatMap((product) => [0, 1].map(() => inProduct(auth, product))),
  );
  expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
  expect(emulator.requests({ host: 'auth', path: '/oauth/token' }).length - before).toBe(1);
  // The views' events are the strategy's: one renewal reported, to its listener.
  expect(events.filter((event) => event.type === 'token-renewed' && !event.adopted)).toHaveLength(1);
});

it("a request to exactly the strategy's base is under it; one that only begins like it is not", async () => {
  const auth = threeLegged();
  expect((await send(auth, emulator.urls.gateway)).authenticated).toBe(true);
  expect((await send(auth, `${emulator.urls.gateway}x/rest/api/3/myself`)).authenticated).toBe(false);
});

it('a view given in place of its strategy is read as the strategy: the same view, or the strategy itself', async () => {
  const auth = classic();
  const wiki = forProduct(auth, 'confluence');
  expect(forProduct(wiki, 'confluence')).toBe(wiki);
  expect(forProduct(wiki, 'jira')).toBe(auth);
  const assets = forProduct(wiki, 'assets', { workspaceId: 'w-1', endpoints: emulator.endpoints });
  expect(assets).toBe(forProduct(auth, 'assets', { workspaceId: 'w-1' }));
  expect(forProduct(assets, 'assets', { workspaceId: 'w-2' })).toBe(
    forProduct(auth, 'assets', { workspaceId: 'w-2' }),
  );
  expect(forProduct(assets, 'assets')).toBe(assets);
  // Not <site>/wiki/wiki: the view's base is Confluence's, once.
  expect((await forProduct(wiki, 'confluence').baseUrl()).href).toBe(`${emulator.urls.site}/wiki`);
});

it('a view is made once per strategy and product, and shares the listener observe() sets later', async () => {
  const auth = classic();
  expect(forProduct(auth, 'confluence')).toBe(forProduct(auth, 'confluence'));
  expect(forProduct(auth, 'jira')).toBe(auth);
  expect(forProduct(auth, 'service-management')).toBe(auth);
  const events: JiraAuthEvent[] = [];
  observe(auth, (event) => events.push(event));
  emulator.inject({ host: 'site', path: '/wiki/', status: 429, headers: { 'retry-after': '1' } });
  const wiki = forProduct(auth, 'confluence');
  const url = joinUrl(await wiki.baseUrl(), '/api/v2/spaces');
  const state = await authorize(wiki, { url, method: 'GET' });
  await settle(state, await fetch(url, { headers: state.headers }));
  expect(events.map((event) => event.type)).toEqual(['rate-limited']);
});

it('a view made before limitWith is held by the limiter attached to its strategy later', async () => {
  emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 1, windowSeconds: 3600 });
  const auth = classic();
  const wiki = forProduct(auth, 'confluence');
  limitWith(auth, rateLimiter({ failFast: true, now: () => emulator.now() }));
  // Another process spends the one request the quota allows; this one's Jira call meets the 429.
  const myself = joinUrl(await auth.baseUrl(), '/rest/api/3/myself');
  await fetch(myself, { headers: (await authorize(classic(), { url: myself, method: 'GET' })).headers });
  const state = await authorize(auth, { url: myself, method: 'GET' });
  await settle(state, await fetch(myself, { headers: state.headers }));
  // The quota is spent: the Confluence call through the view is not sent.
  const spaces = joinUrl(await wiki.baseUrl(), '/api/v2/spaces');
  const held = await authorize(wiki, { url: spaces, method: 'GET' }).catch((error: unknown) => error);
  expect(QuotaExhaustedError.isInstance(held)).toBe(true);
  expect(emulator.requests({ host: 'site' }).map((entry) => [entry.path, entry.status])).toEqual([
    ['/rest/api/3/myself', 200],
    ['/rest/api/3/myself', 429],
  ]);
});

describe('credentials only where they belong', () => {
  it("a gateway strategy's Jira base: no credentials to another cloudId, another product or another gateway path", async () => {
    const auth = threeLegged();
    const api = emulator.endpoints.api;
    const elsewhere = [
      `${api}/ex/jira/3b1f7e3c-decoy-4a46-9f2c-000000000001/rest/api/3/myself`,
      `${api}/ex/confluence/${emulator.cloudId}/wiki/api/v2/spaces`,
      `${api}/ex/jira/${emulator.cloudId}-other/rest/api/3/myself`,
      `${api}/oauth/token/accessible-resources`,
      `${emulator.urls.assets}/objectschema/list`,
      `${emulator.urls.site}/rest/api/3/myself`,
      `${emulator.urls.foreign}/rest/api/3/myself`,
    ];
    for (const target of elsewhere) expect((await send(auth, target)).authenticated, target).toBe(false);
    expect(emulator.requests().filter((entry) => entry.headers.authorization)).toEqual([]);
  });

  it("the Confluence view's base is Confluence's only; the Assets view's, its workspace's only", async () => {
    const auth = threeLegged();
    const wiki = forProduct(auth, 'confluence');
    expect((await wiki.baseUrl()).href).toBe(`${emulator.urls.confluenceGateway}/wiki`);
    expect((await send(wiki, `${emulator.urls.gateway}/rest/api/3/myself`)).authenticated).toBe(false);
    const assets = forProduct(auth, 'assets');
    expect((await assets.baseUrl()).href).toBe(emulator.urls.assets);
    expect(
      (
        await send(
          assets,
          `${emulator.endpoints.api}/jsm/assets/workspace/another-workspace/v1/objectschema/list`,
        )
      ).authenticated,
    ).toBe(false);
  });

  it("a classic token's Confluence is the site's /wiki, and its Assets the gateway's workspace base", async () => {
    const auth = classic();
    expect((await forProduct(auth, 'confluence').baseUrl()).href).toBe(`${emulator.urls.site}/wiki`);
    const assets = forProduct(auth, 'assets', { endpoints: emulator.endpoints });
    expect((await assets.baseUrl()).href).toBe(emulator.urls.assets);
    // The Jira strategy itself sends nothing to the gateway.
    expect((await send(auth, `${emulator.urls.assets}/objectschema/list`)).authenticated).toBe(false);
  });

  it('a scope error names the product, and for Confluence v2 says it takes granular scopes', async () => {
    const { ScopeMissingError } = await import('../src/index.js');
    const narrow = threeLegged(undefined, ['read:jira-user', 'search:confluence']);
    const failing = async (strategy: AuthStrategy, path: string) => {
      const url = joinUrl(await strategy.baseUrl(), path);
      const state = await authorize(strategy, { url, method: 'GET' });
      const settlement = await settle(state, await fetch(url, { headers: state.headers }));
      return settlement.action === 'fail' ? settlement.error : undefined;
    };
    const wiki = await failing(forProduct(narrow, 'confluence'), '/api/v2/pages');
    expect(ScopeMissingError.isInstance(wiki)).toBe(true);
    expect(wiki?.message).toMatch(
      /\] Confluence answered 401 "scope does not match".*granular scopes only, such as read:page:confluence/,
    );
    const jira = await failing(narrow, '/rest/api/3/issue/DEMO-1');
    expect(jira?.message).toMatch(/\] Jira answered 401 "scope does not match"/);
    const desk = await failing(narrow, '/rest/servicedeskapi/servicedesk');
    expect(desk?.message).toMatch(/\] Jira Service Management answered 401 "scope does not match"/);
    const assets = await failing(
      forProduct(narrow, 'assets', { workspaceId: emulator.workspaceId }),
      '/objectschema/list',
    );
    expect(assets?.message).toMatch(/\] Assets answered 401/);
  });

  it('an unknown product is a ConfigurationError that names the four', () => {
    expect(() => forProduct(classic(), 'bitbucket' as Product)).toThrow(ConfigurationError);
    expect(() => forProduct(classic(), 'bitbucket' as Product)).toThrow(
      /jira, service-management, confluence or assets/,
    );
  });
});

describe('links a person opens', () => {
  it.each([
    ['a classic API token', classic],
    ['a scoped API token', scoped],
    ['3LO', () => threeLegged()],
    ['a service account', serviceAccount],
  ])('%s: siteUrl is the site, browseUrl its /browse/KEY', async (_name, make) => {
    const auth = make();
    expect((await siteUrl(auth)).href).toBe(`${emulator.urls.site}/`);
    expect((await browseUrl(auth, 'demo-1')).href).toBe(`${emulator.urls.site}/browse/DEMO-1`);
  });

  it("gatewayUrl re-roots a site link onto a gateway strategy's base, so following it works; other links stay", async () => {
    const auth = threeLegged();
    const onSite = `${emulator.urls.site}/rest/api/3/myself?expand=groups`;
    const rerooted = await gatewayUrl(auth, onSite);
    expect(rerooted.href).toBe(`${emulator.urls.gateway}/rest/api/3/myself?expand=groups`);
    expect(await send(auth, rerooted.href)).toEqual({ status: 200, authenticated: true });
    // Sent as Jira gave it, the site link gets no credentials from a gateway strategy.
    expect((await send(auth, onSite)).authenticated).toBe(false);
    const media = `${emulator.urls.foreign}/file/10000`;
    expect((await gatewayUrl(auth, media)).href).toBe(media);
    expect((await gatewayUrl(classic(), onSite)).href).toBe(onSite);
  });

  it("a Confluence view's site links: siteUrl is the strategy's site, gatewayUrl re-roots /wiki links onto the view's base", async () => {
    const auth = threeLegged();
    const wiki = forProduct(auth, 'confluence');
    expect((await siteUrl(wiki)).href).toBe(`${emulator.urls.site}/`);
    const onSite = `${emulator.urls.site}/wiki/api/v2/spaces?limit=5`;
    const rerooted = await gatewayUrl(wiki, onSite);
    expect(rerooted.href).toBe(`${emulator.urls.confluenceGateway}/wiki/api/v2/spaces?limit=5`);
    expect(await send(wiki, rerooted.href)).toEqual({ status: 200, authenticated: true });
    // A Jira link is not the Confluence view's to re-root; a classic token's links stay as they are.
    const issue = `${emulator.urls.site}/rest/api/3/issue/DEMO-1`;
    expect((await gatewayUrl(wiki, issue)).href).toBe(issue);
    expect((await gatewayUrl(forProduct(classic(), 'confluence'), onSite)).href).toBe(onSite);
  });

  it.each([
    ['a classic API token', classic],
    ['3LO', () => threeLegged()],
    ['a service account', serviceAccount],
  ])("pageUrl gives a page's link on the site for %s, from its webui or its id", async (_name, make) => {
    const auth = make();
    const wiki = forProduct(auth, 'confluence');
    const url = joinUrl(await wiki.baseUrl(), '/api/v2/pages/65537');
    const state = await authorize(wiki, { url, method: 'GET' });
    const page = (await (await fetch(url, { headers: state.headers })).json()) as {
      _links: { webui: string };
    };
    expect((await pageUrl(wiki, page._links.webui)).href).toBe(
      `${emulator.urls.site}/wiki/spaces/DOCS/pages/65537`,
    );
    expect((await pageUrl(auth, '65537')).href).toBe(
      `${emulator.urls.site}/wiki/pages/viewpage.action?pageId=65537`,
    );
  });

  it('pageUrl refuses what is neither a page id nor a webui path', async () => {
    for (const bad of ['https://evil.example/x', '//evil.example/x', '/spaces/../../admin', 'DOCS'])
      await expect(pageUrl(classic(), bad)).rejects.toThrow(
        /must be a page id such as 65537 or the page's _links.webui/,
      );
  });

  it('browseUrl refuses what is not an issue key', async () => {
    await expect(browseUrl(classic(), '../admin')).rejects.toThrow(/must be an issue key such as DEMO-1/);
  });
});
