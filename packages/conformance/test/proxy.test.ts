// Behind a corporate proxy: every client, and core's own requests (the token request, the cloudId lookup), go
// through a real CONNECT proxy on loopback to the emulator's TLS mode. The proxy connects out from 127.0.0.2, so
// the emulator's log (`from`) shows which requests came through it; NO_PROXY sends the hosts it names direct.
import { withJiraAuth } from '@jira-auth/axios';
import { PROXY_OUT_ADDRESS, startProxy, type TestProxy } from '@jira-auth/conformance/proxy';
import { type AuthStrategy, basicAuth, oauth2 } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { jiraFetch } from '@jira-auth/fetch';
import { jiraAuth as gotJiraAuth } from '@jira-auth/got';
import { jiraAuth as kyJiraAuth } from '@jira-auth/ky';
import { createJiraClient, JIRA_PLACEHOLDER, jiraAuthMiddleware } from '@jira-auth/openapi-fetch';
import axios from 'axios';
import got from 'got14';
import { HttpsProxyAgent } from 'hpagent';
import ky from 'ky1';
import createClient016 from 'openapi-fetch16';
import { type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const emulator = new Emulator({ tls: true });
let proxy: TestProxy;
let proxyUrl = '';

beforeAll(async () => {
  await emulator.start();
  proxy = await startProxy();
  proxyUrl = proxy.url;
}, 30_000);
afterAll(async () => {
  await emulator.close();
  await proxy.close();
});
beforeEach(() => {
  emulator.reset();
  proxy.tunnels.length = 0;
});

const ca = () => emulator.tls?.ca as string;
const hostOf = (url: string) => new URL(url).host;
/** fetch through a dispatcher (an undici ProxyAgent, or EnvHttpProxyAgent reading HTTPS_PROXY and NO_PROXY). */
const fetchVia =
  (dispatcher: Dispatcher): typeof fetch =>
  (input, init) =>
    fetch(input, { ...init, dispatcher } as RequestInit);
const proxied = () => fetchVia(new ProxyAgent({ uri: proxyUrl, requestTls: { ca: ca() } }));

const CLIENTS: Record<string, (auth: AuthStrategy) => Promise<number>> = {
  async axios(auth) {
    // hpagent's agent takes the TLS options for the target (the CA) with the proxy's URL.
    const instance = axios.create({
      httpsAgent: new HttpsProxyAgent({ proxy: proxyUrl, ca: ca() }),
      proxy: false,
    });
    withJiraAuth(instance, auth);
    return (await instance.get('/rest/api/3/myself')).status;
  },
  async got(auth) {
    const client = got.extend(gotJiraAuth(auth), {
      agent: { https: new HttpsProxyAgent({ proxy: proxyUrl }) },
      https: { certificateAuthority: ca() },
      retry: { limit: 0 },
    });
    return (await client.get('rest/api/3/myself')).statusCode;
  },
  async ky(auth) {
    const client = ky.create({ ...kyJiraAuth(auth, { fetch: proxied() }), retry: 0 });
    return (await client.get('rest/api/3/myself')).status;
  },
  async fetch(auth) {
    return (await jiraFetch(auth, { fetch: proxied() })('/rest/api/3/myself')).status;
  },
  async 'openapi-fetch'(auth) {
    return (await createJiraClient({ auth, fetch: proxied() }).GET('/rest/api/3/myself')).response.status;
  },
  async 'openapi-fetch 0.16'(auth) {
    // The application's own openapi-fetch 0.16 client with the middleware: its fetch goes through the proxy.
    const jira = createClient016<Record<string, never>>({ baseUrl: JIRA_PLACEHOLDER, fetch: proxied() });
    jira.use(jiraAuthMiddleware(auth));
    return (await jira.request('get', '/rest/api/3/myself' as never)).response.status;
  },
};

/** 3LO renewing on its first request, its token request made with `fetchImpl`. */
const threeLegged = (fetchImpl: typeof fetch) =>
  oauth2({
    clientId: DEFAULT_OAUTH_CLIENT.clientId,
    clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now() + 3_600_000,
    fetch: fetchImpl,
    tokens: emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, ['read:jira-user', 'offline_access']),
  });

/** Each request the emulator got: its host, and whether it came through the proxy. */
const arrivals = () =>
  emulator
    .requests()
    .map((entry) => `${entry.host} ${entry.from === PROXY_OUT_ADDRESS ? 'proxied' : 'direct'}`);

describe.each(Object.keys(CLIENTS))('%s through a CONNECT proxy', (name) => {
  const call = CLIENTS[name] as (typeof CLIENTS)[string];

  it('3LO: the token request and the API call are both tunnelled', async () => {
    expect(await call(threeLegged(proxied()))).toBe(200);
    expect(arrivals()).toEqual(['auth proxied', 'api proxied']);
    expect(new Set(proxy.tunnels)).toEqual(
      new Set([hostOf(emulator.endpoints.auth), hostOf(emulator.endpoints.api)]),
    );
  });

  it('a scoped token: the cloudId lookup and the API call are both tunnelled', async () => {
    const auth = basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.scopedToken,
      scoped: true,
      endpoints: emulator.endpoints,
      fetch: proxied(),
    });
    expect(await call(auth)).toBe(200);
    expect(arrivals()).toEqual(['site proxied', 'api proxied']);
  });
});

it('HTTPS_PROXY and NO_PROXY through undici’s EnvHttpProxyAgent: the host NO_PROXY names goes direct', async () => {
  const dispatcher = new EnvHttpProxyAgent({
    httpsProxy: proxyUrl,
    noProxy: hostOf(emulator.endpoints.auth),
    connect: { ca: ca() },
    requestTls: { ca: ca() },
  } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  const viaEnv = fetchVia(dispatcher);
  const status = (await jiraFetch(threeLegged(viaEnv), { fetch: viaEnv })('/rest/api/3/myself')).status;
  expect(status).toBe(200);
  expect(arrivals()).toEqual(['auth direct', 'api proxied']);
  expect(proxy.tunnels).toEqual([hostOf(emulator.endpoints.api)]);
});
