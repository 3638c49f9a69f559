// Tokens minted elsewhere (accessTokenAuth), and a header on demand for code without an adapter
// (authorizationFor). Real strategies, the emulator's real hosts; the adapters' side is in the conformance suite.
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenAuth, authorizationFor, basicAuth, ConfigurationError, oauth2 } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const mint = () => emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, ['read:jira-user']).accessToken;

describe('accessTokenAuth', () => {
  it('with only the site, reads its cloudId once and sends the token to the gateway', async () => {
    const token = mint();
    const auth = accessTokenAuth({
      getToken: () => token,
      site: emulator.urls.site,
      endpoints: emulator.endpoints,
    });
    const headers = await authorizationFor(auth, { url: '/rest/api/3/myself' });
    const response = await fetch(`${emulator.urls.gateway}/rest/api/3/myself`, { headers });
    expect(response.status).toBe(200);
    expect((await auth.baseUrl()).href).toBe(emulator.urls.gateway);
    expect(emulator.requests({ path: '/_edge/tenant_info' })).toHaveLength(1);
  });

  it('refuses options that cannot work, and a token no header can carry, without showing it', async () => {
    expect(() => accessTokenAuth({ getToken: () => 't' } as never)).toThrow(/exactly one of cloudId, site/);
    expect(() =>
      accessTokenAuth({ getToken: () => 't', cloudId: 'c', baseUrl: 'https://jira.example.com' }),
    ).toThrow(/cloudId, baseUrl are all given/);
    expect(() => accessTokenAuth({ cloudId: 'c' } as never)).toThrow(ConfigurationError);
    const auth = accessTokenAuth({
      getToken: () => 'secret-token\nx-injected: 1',
      baseUrl: emulator.urls.dataCenter,
    });
    const error = await authorizationFor(auth).catch((failure: unknown) => failure);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/getToken gave no usable token/);
    expect((error as Error).message).not.toContain('secret-token');
  });

  it('checks no scopes it was not told of, and reports those it was', async () => {
    const unknown = accessTokenAuth({
      getToken: () => mint(),
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
    });
    expect(await unknown.grantedScopes?.()).toBeUndefined();
    const known = accessTokenAuth({
      getToken: () => ({ accessToken: mint(), scope: ['read:jira-user'] }),
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
    });
    expect(await known.grantedScopes?.()).toEqual(['read:jira-user']);
  });
});

describe('authorizationFor', () => {
  const classic = () =>
    basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken as string,
    });

  it('gives the headers for a URL of the strategy, which work on the wire', async () => {
    const headers = await authorizationFor(classic(), { url: '/rest/api/3/myself' });
    const response = await fetch(`${emulator.urls.site}/rest/api/3/myself`, { headers });
    expect(response.status).toBe(200);
    expect(await authorizationFor(classic(), { url: `${emulator.urls.site}/rest/api/3/serverInfo` })).toEqual(
      headers,
    );
  });

  it('gives nothing for another host', async () => {
    const error = await authorizationFor(classic(), { url: `${emulator.urls.foreign}/steal` }).catch(
      (failure) => failure,
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/credentials go to its own origin only/);
  });

  it('renews an expired OAuth token first, once for every caller', async () => {
    const tokens = {
      ...emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, ['read:jira-user', 'offline_access']),
      expiresAt: emulator.now() - 1000,
    };
    const auth = oauth2({
      clientId: DEFAULT_OAUTH_CLIENT.clientId,
      clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
      tokens,
      now: () => emulator.now(),
    });
    const all = await Promise.all(Array.from({ length: 10 }, () => authorizationFor(auth)));
    expect(new Set(all.map((headers) => headers.authorization)).size).toBe(1);
    expect(all[0]?.authorization).not.toBe(`Bearer ${tokens.accessToken}`);
    expect(emulator.requests({ host: 'auth', path: '/oauth/token' })).toHaveLength(1);
  });
});
