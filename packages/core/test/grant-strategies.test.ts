// The OAuth grant strategies against the emulator's auth server and gateway: what a service account's token request
// carries and where its token is kept, and how an OAuth user's site is found when no cloudId is given.
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
} from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthorizationError,
  ConfigurationError,
  clientCredentials,
  type JiraAuthEvent,
  memoryStore,
  oauth2,
  tokenKey,
} from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const tokenRequests = () => emulator.requests({ host: 'auth', path: /^\/oauth\/token$/ });
const myself = async (strategy: ReturnType<typeof oauth2>) => {
  const url = new URL(`${(await strategy.baseUrl()).href}/rest/api/3/myself`);
  return fetch(url, { headers: await strategy.authenticate({ url, method: 'GET' }) });
};

describe('clientCredentials', () => {
  const { clientId, clientSecret } = DEFAULT_SERVICE_ACCOUNT;

  it('asks for a token as JSON with the audience and the scopes, and keeps it under the service account key', async () => {
    const store = memoryStore();
    let fetched = 0;
    const strategy = clientCredentials({
      clientId,
      clientSecret,
      cloudId: emulator.cloudId,
      scopes: ['read:jira-work', 'read:jira-user'],
      store,
      endpoints: emulator.endpoints,
      fetch: (input, init) => {
        fetched++;
        return fetch(input, init);
      },
    });
    expect((await myself(strategy)).status).toBe(200);
    const [request] = tokenRequests();
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      grant_type: 'client_credentials',
      audience: 'api.atlassian.com',
      scope: 'read:jira-work read:jira-user',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(fetched).toBe(1);
    expect(
      (await store.get(tokenKey('atlassian', clientId, 'client-credentials')))?.accessToken,
    ).toBeTruthy();
    expect(String(strategy)).toBe(`[jira-auth clientCredentials (service account) ${clientId}]`);
  });

  it('finds the cloudId from the site once, and reports it', async () => {
    const events: JiraAuthEvent[] = [];
    const strategy = clientCredentials({
      clientId,
      clientSecret,
      site: emulator.urls.site,
      endpoints: emulator.endpoints,
      onEvent: (event) => events.push(event),
    });
    expect((await strategy.baseUrl()).href).toBe(emulator.urls.gateway);
    await strategy.baseUrl();
    expect(events).toEqual([
      {
        type: 'cloud-id-looked-up',
        strategy: 'client-credentials',
        site: emulator.urls.site,
        cloudId: emulator.cloudId,
      },
    ]);
  });

  it('a bad site is refused, naming the option', () => {
    const error = (() => {
      try {
        clientCredentials({ clientId, clientSecret, site: 'your-site' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigurationError.isInstance(error) && error.field).toBe('site');
  });

  it('neither site nor cloudId is refused when the strategy is made, saying what to pass', () => {
    expect(() => clientCredentials({ clientId, clientSecret })).toThrow(
      '[@jira-auth/core] site is missing: pass site (e.g. https://your-site.atlassian.net) or cloudId',
    );
  });

  it('a malformed cloudId is refused when the strategy is made, for both grants', () => {
    expect(() => clientCredentials({ clientId, clientSecret, cloudId: 'no/such id' })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      oauth2({
        clientId,
        clientSecret,
        account: DEFAULT_CLOUD_USER.accountId,
        cloudId: 'no/such id',
        tokens: { accessToken: 'a', expiresAt: 0, scope: [], tokenType: 'Bearer' },
      }),
    ).toThrow(ConfigurationError);
  });
});

describe('oauth2 without a cloudId', () => {
  const { clientId, clientSecret } = DEFAULT_OAUTH_CLIENT;
  const granted = () => emulator.auth.grant(clientId, ['read:jira-user', 'read:jira-work', 'offline_access']);
  const strategyWith = (
    tokens: ReturnType<typeof granted>,
    events: JiraAuthEvent[] = [],
    fetchImpl: typeof fetch = fetch,
  ) =>
    oauth2({
      clientId,
      clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      site: emulator.urls.site,
      tokens,
      endpoints: emulator.endpoints,
      now: () => emulator.now(),
      onEvent: (event) => events.push(event),
      fetch: fetchImpl,
    });
  /** A fetch that runs `before` ahead of each accessible-resources request. */
  const aroundLookups =
    (before: () => void): typeof fetch =>
    (input, init) => {
      if (String(input).includes('accessible-resources')) before();
      return fetch(input, init);
    };

  it('finds the site among the sites the grant reaches with the given fetch, and reports it', async () => {
    const events: JiraAuthEvent[] = [];
    let lookups = 0;
    const strategy = strategyWith(
      granted(),
      events,
      aroundLookups(() => lookups++),
    );
    expect((await myself(strategy)).status).toBe(200);
    expect(lookups).toBe(1);
    expect(String(strategy)).toBe(`[jira-auth oauth2 (3LO) for client ${clientId}]`);
    expect(events).toEqual([
      { type: 'cloud-id-looked-up', strategy: 'oauth2', site: emulator.urls.site, cloudId: emulator.cloudId },
    ]);
    expect(tokenRequests()).toHaveLength(0);
  });

  it('a stale access token during the lookup is renewed once, and the lookup tried again', async () => {
    const strategy = strategyWith({ ...granted(), accessToken: 'an-access-token-the-server-forgot' });
    expect((await myself(strategy)).status).toBe(200);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('a lookup that fails again after the renewal fails, without a second renewal', async () => {
    emulator.inject({ host: 'api', path: '/oauth/token/accessible-resources', status: 401, times: 2 });
    const strategy = strategyWith(granted());
    const error = await strategy.baseUrl().catch((caught: unknown) => caught);
    expect(AuthorizationError.isInstance(error)).toBe(true);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('renews at most once for a lookup, even when the second failure comes long after the renewal', async () => {
    emulator.inject({ host: 'api', path: '/oauth/token/accessible-resources', status: 401, times: 2 });
    // Each lookup moves the clock past the window in which a 401 on a fresh token is final.
    const strategy = strategyWith(
      granted(),
      [],
      aroundLookups(() => emulator.advanceClock(31)),
    );
    const error = await strategy.baseUrl().catch((caught: unknown) => caught);
    expect(AuthorizationError.isInstance(error)).toBe(true);
    expect(tokenRequests()).toHaveLength(1);
  });

  it('a network failure during the lookup is no stale token: it fails as it is, without a renewal', async () => {
    const failure = new TypeError('fetch failed');
    const unreachable = strategyWith(granted(), [], async (input, init) => {
      if (String(input).includes('accessible-resources')) throw failure;
      return fetch(input, init);
    });
    expect(await unreachable.baseUrl().catch((caught: unknown) => caught)).toBe(failure);
    expect(tokenRequests()).toHaveLength(0);
  });

  it('the lookup runs under a timeout signal of its own', async () => {
    const signals: unknown[] = [];
    const strategy = strategyWith(granted(), [], (input, init) => {
      if (String(input).includes('accessible-resources')) signals.push(init?.signal);
      return fetch(input, init);
    });
    await strategy.baseUrl();
    expect(signals).toHaveLength(1);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
  });

  it('an answer without a list of sites fails without a renewal; a sole site with an odd URL is reported without one', async () => {
    const path = '/oauth/token/accessible-resources';
    emulator.inject({ host: 'api', path, status: 200, body: { sites: [] } });
    const error = await strategyWith(granted())
      .baseUrl()
      .catch((caught: unknown) => caught);
    expect(AuthorizationError.isInstance(error) && error.response).toBeUndefined();
    expect(tokenRequests()).toHaveLength(0);

    const events: JiraAuthEvent[] = [];
    emulator.inject({
      host: 'api',
      path,
      status: 200,
      body: [{ id: emulator.cloudId, url: 'not a url', name: 'odd', scopes: [], avatarUrl: '' }],
    });
    const strategy = oauth2({
      clientId,
      clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      tokens: granted(),
      endpoints: emulator.endpoints,
      now: () => emulator.now(),
      onEvent: (event) => events.push(event),
    });
    expect((await strategy.baseUrl()).href).toBe(emulator.urls.gateway);
    expect(events).toEqual([
      { type: 'cloud-id-looked-up', strategy: 'oauth2', site: '', cloudId: emulator.cloudId },
    ]);
  });

  it('with a cloudId, calls go to that site on the gateway without a lookup', async () => {
    const strategy = oauth2({
      clientId,
      clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      cloudId: emulator.cloudId,
      tokens: granted(),
      endpoints: emulator.endpoints,
      now: () => emulator.now(),
    });
    expect((await strategy.baseUrl()).href).toBe(emulator.urls.gateway);
    expect(emulator.requests({ path: 'accessible-resources' })).toHaveLength(0);
  });

  it('a lookup that fails otherwise fails at once, without a renewal', async () => {
    emulator.inject({ host: 'api', path: '/oauth/token/accessible-resources', status: 500, times: 1 });
    const error = await strategyWith(granted())
      .baseUrl()
      .catch((caught: unknown) => caught);
    expect(AuthorizationError.isInstance(error)).toBe(true);
    expect(tokenRequests()).toHaveLength(0);
  });
});
