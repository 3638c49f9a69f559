// Behind a private certificate authority with mutual TLS (as in front of many Data Center instances and corporate
// gateways): every client and core's own requests (the token request, the cloudId lookup) reach the emulator's
// TLS mode with the CA and a client certificate, each configured as its users configure it; without the client
// certificate the connection fails fast with the TLS error, before any credential is sent.
import { Agent as HttpsAgent } from 'node:https';
import { withJiraAuth } from '@jira-auth/axios';
import { type AuthStrategy, basicAuth, oauth2 } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { jiraFetch } from '@jira-auth/fetch';
import { jiraAuth as gotJiraAuth } from '@jira-auth/got';
import { jiraAuth as kyJiraAuth } from '@jira-auth/ky';
import { createJiraClient, JIRA_PLACEHOLDER, jiraAuthMiddleware } from '@jira-auth/openapi-fetch';
import axios from 'axios';
import got from 'got14';
import ky from 'ky1';
import createClient016 from 'openapi-fetch16';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const emulator = new Emulator({ tls: { requireClientCertificate: true } });
beforeAll(() => emulator.start(), 30_000);
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** The private CA and the client certificate, as a user has them (PEM). */
const material = () => {
  const tls = emulator.tls;
  if (!tls) throw new Error('the emulator is not in its TLS mode');
  return tls;
};

/** fetch with an undici Agent that trusts the CA and presents the client certificate (or not). */
function tlsFetch(withCertificate = true): typeof fetch {
  const { ca, cert, key } = material();
  const dispatcher = new Agent({ connect: withCertificate ? { ca, cert, key } : { ca } });
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

/** One GET of `/rest/api/3/myself` through each client, configured for TLS as its own docs say. */
const CLIENTS: Record<string, (auth: AuthStrategy, withCertificate: boolean) => Promise<number>> = {
  async axios(auth, withCertificate) {
    const { ca, cert, key } = material();
    const instance = axios.create({
      httpsAgent: new HttpsAgent(withCertificate ? { ca, cert, key } : { ca }),
    });
    withJiraAuth(instance, auth);
    return (await instance.get('/rest/api/3/myself')).status;
  },
  async got(auth, withCertificate) {
    const { ca, cert, key } = material();
    const client = got.extend(gotJiraAuth(auth), {
      https: withCertificate
        ? { certificateAuthority: ca, certificate: cert, key }
        : { certificateAuthority: ca },
      retry: { limit: 0 },
    });
    return (await client.get('rest/api/3/myself')).statusCode;
  },
  async ky(auth, withCertificate) {
    const client = ky.create({ ...kyJiraAuth(auth, { fetch: tlsFetch(withCertificate) }), retry: 0 });
    return (await client.get('rest/api/3/myself')).status;
  },
  async fetch(auth, withCertificate) {
    return (await jiraFetch(auth, { fetch: tlsFetch(withCertificate) })('/rest/api/3/myself')).status;
  },
  async 'openapi-fetch'(auth, withCertificate) {
    const jira = createJiraClient({ auth, fetch: tlsFetch(withCertificate) });
    return (await jira.GET('/rest/api/3/myself')).response.status;
  },
  async 'openapi-fetch 0.16'(auth, withCertificate) {
    // The application's own openapi-fetch 0.16 client with the middleware: its fetch carries the TLS settings.
    const jira = createClient016<Record<string, never>>({
      baseUrl: JIRA_PLACEHOLDER,
      fetch: tlsFetch(withCertificate),
    });
    jira.use(jiraAuthMiddleware(auth));
    return (await jira.request('get', '/rest/api/3/myself' as never)).response.status;
  },
};

/** 3LO whose token is renewed over TLS (the strategy's `fetch`): its first request renews. */
const threeLegged = () =>
  oauth2({
    clientId: DEFAULT_OAUTH_CLIENT.clientId,
    clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now() + 3_600_000,
    fetch: tlsFetch(),
    tokens: emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, ['read:jira-user', 'offline_access']),
  });
/** A scoped token, whose cloudId is looked up over TLS (the strategy's `fetch`). */
const scoped = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.scopedToken,
    scoped: true,
    endpoints: emulator.endpoints,
    fetch: tlsFetch(),
  });

describe.each(Object.keys(CLIENTS))('%s over TLS with a private CA and a client certificate', (name) => {
  const call = CLIENTS[name] as (typeof CLIENTS)[string];

  it('3LO: the token request and the API call both over TLS', async () => {
    expect(await call(threeLegged(), true)).toBe(200);
    expect(emulator.requests().map((entry) => `${entry.host} ${entry.path.split('?')[0]}`)).toEqual([
      'auth /oauth/token',
      `api /ex/jira/${emulator.cloudId}/rest/api/3/myself`,
    ]);
  });

  it('a scoped token: the cloudId lookup and the API call over TLS', async () => {
    expect(await call(scoped(), true)).toBe(200);
    expect(emulator.requests().map((entry) => `${entry.host} ${entry.path}`)).toEqual([
      'site /_edge/tenant_info',
      `api /ex/jira/${emulator.cloudId}/rest/api/3/myself`,
    ]);
  });

  it('without the client certificate: the TLS error, at once, and nothing reaches Jira', async () => {
    const auth = basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken,
    });
    const failure = await call(auth, false).then(
      (status) => new Error(`answered ${status}`),
      (error: unknown) => error,
    );
    // Node's TLS error through axios and got; undici (fetch, ky, openapi-fetch) sees the server close the
    // connection after TLS 1.3's handshake, and says so.
    expect(describeError(failure)).toMatch(
      name === 'axios' || name === 'got'
        ? /ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED/
        : /fetch failed \| UND_ERR_SOCKET other side closed/,
    );
    expect(emulator.requests()).toEqual([]);
  });
});

/** An error's message and codes, through its causes. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current = error as { message?: string; code?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    parts.push(`${current.code ?? ''} ${current.message ?? ''}`);
    current = current.cause as typeof current;
  }
  return parts.join(' | ');
}
