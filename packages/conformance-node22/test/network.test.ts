// got 16 and ky 2 behind a corporate network, as conformance/test/tls.test.ts and proxy.test.ts prove it for the
// Node 20 majors: the emulator's mutual-TLS mode with a private CA and a client certificate, and a real CONNECT
// proxy that connects out from 127.0.0.2; the token request goes the same way (the strategy's fetch).
import { PROXY_OUT_ADDRESS, startProxy, type TestProxy } from '@jira-auth/conformance/proxy';
import { type AuthStrategy, oauth2 } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { jiraAuth as gotJiraAuth } from '@jira-auth/got';
import { type JiraAuthKyOptions, jiraAuth as kyJiraAuth } from '@jira-auth/ky';
import got, { type ExtendOptions } from 'got16';
import { HttpsProxyAgent } from 'hpagent';
import ky, { type Options } from 'ky2';
import { Agent, type Dispatcher, ProxyAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const emulator = new Emulator({ tls: { requireClientCertificate: true } });
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
beforeEach(() => emulator.reset());

const tls = () => {
  const material = emulator.tls;
  if (!material) throw new Error('the emulator is not in its TLS mode');
  return { ca: material.ca, cert: material.cert, key: material.key };
};
const fetchVia =
  (dispatcher: Dispatcher): typeof fetch =>
  (input, init) =>
    fetch(input, { ...init, dispatcher } as RequestInit);
const direct = () => fetchVia(new Agent({ connect: tls() }));
const proxied = () => fetchVia(new ProxyAgent({ uri: proxyUrl, requestTls: tls() }));

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

const CLIENTS: Record<string, (auth: AuthStrategy, viaProxy: boolean) => Promise<number>> = {
  async 'got 16'(auth, viaProxy) {
    const { ca, cert, key } = tls();
    // In this workspace @jira-auth/got's types are those of its got 14 dev copy; from npm they are the app's got.
    const client = got.extend(gotJiraAuth(auth) as unknown as ExtendOptions, {
      https: { certificateAuthority: ca, certificate: cert, key },
      ...(viaProxy ? { agent: { https: new HttpsProxyAgent({ proxy: proxyUrl }) } } : {}),
      retry: { limit: 0 },
    });
    return ((await client.get('rest/api/3/myself')) as { statusCode: number }).statusCode;
  },
  async 'ky 2'(auth, viaProxy) {
    // As ky2-aim.test.ts: in this workspace @jira-auth/ky's types are its ky 1 dev copy's.
    const hooks = kyJiraAuth(auth, {
      ky: ky as unknown as NonNullable<JiraAuthKyOptions['ky']>,
      fetch: viaProxy ? proxied() : direct(),
    }) as unknown as Options;
    const client = ky.create({ ...hooks, retry: 0 });
    return (await client.get('rest/api/3/myself')).status;
  },
};

const arrivals = () =>
  emulator
    .requests()
    .map((entry) => `${entry.host} ${entry.from === PROXY_OUT_ADDRESS ? 'proxied' : 'direct'}`);

describe.each(Object.keys(CLIENTS))('%s', (name) => {
  const call = CLIENTS[name] as (typeof CLIENTS)[string];

  it('over mutual TLS with a private CA: the token request and the API call', async () => {
    expect(await call(threeLegged(direct()), false)).toBe(200);
    expect(arrivals()).toEqual(['auth direct', 'api direct']);
  });

  it('through a CONNECT proxy: the token request and the API call both tunnelled', async () => {
    expect(await call(threeLegged(proxied()), true)).toBe(200);
    expect(arrivals()).toEqual(['auth proxied', 'api proxied']);
  });
});
