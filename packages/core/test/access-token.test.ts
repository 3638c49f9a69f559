// Tokens minted elsewhere (accessTokenAuth), and a header on demand for code without an adapter
// (authorizationFor). Real strategies, the emulator's real hosts; the adapters' side is in the conformance suite.

import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  accessTokenAuth,
  authorizationFor,
  basicAuth,
  ConfigurationError,
  type JiraAuthEvent,
  oauth2,
} from '../src/index.js';
import type { ExternalToken, GetTokenContext } from '../src/types.js';

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

describe('accessTokenAuth: when getToken is asked, and what it may answer', () => {
  const BASE = 'https://jira.example.com/jira';
  const request = { url: new URL(`${BASE}/rest/api/2/myself`), method: 'GET' };
  /** A clock the test moves, and a getToken that logs what it was asked and answers from `answers`. */
  function broker(answers: Array<ExternalToken | (() => ExternalToken)> = []) {
    const clock = { now: 1_000_000_000_000 };
    const asked: GetTokenContext[] = [];
    let count = 0;
    const getToken = (context: GetTokenContext) => {
      asked.push(context);
      count += 1;
      const answer = answers.shift() ?? { accessToken: `token-${count}`, expiresAt: clock.now + 3_600_000 };
      return typeof answer === 'function' ? answer() : answer;
    };
    return { clock, asked, getToken, now: () => clock.now };
  }
  const bearer = async (auth: AuthStrategy) => (await auth.authenticate(request)).authorization;
  const rejected = (auth: AuthStrategy, token: string) =>
    auth.unauthorized(
      { ...request, headers: new Headers({ authorization: `Bearer ${token}` }) },
      { status: 401, headers: new Headers() },
    );

  it('asks with forceRefresh false at first and when the token is due, true after a 401 on a token still valid', async () => {
    const { clock, asked, getToken, now } = broker();
    const auth = accessTokenAuth({ getToken, baseUrl: BASE, now });
    expect(await bearer(auth)).toBe('Bearer token-1');
    expect(asked).toEqual([{ forceRefresh: false, signal: expect.any(AbortSignal) }]);
    // A 401 just after a token was given is final (see the token source); one a minute later asks again.
    clock.now += 60_000;
    expect(await rejected(auth, 'token-1')).toEqual({ retry: true });
    expect(await bearer(auth)).toBe('Bearer token-2');
    expect(asked[1]?.forceRefresh).toBe(true);
    // Due: inside the default minute before its expiry (one second in), not yet expired.
    clock.now += 3_600_000 - 59_000;
    expect(await bearer(auth)).toBe('Bearer token-3');
    expect(asked.map((context) => context.forceRefresh)).toEqual([false, true, false]);
  });

  it('a token exactly at the refresh skew, or just expired, is renewed without forceRefresh', async () => {
    for (const expiresIn of [60_000, -1]) {
      const { clock, asked, getToken, now } = broker([
        () => ({ accessToken: 'first', expiresAt: clock.now + 3_600_000 }),
      ]);
      const auth = accessTokenAuth({ getToken, baseUrl: BASE, now });
      await bearer(auth);
      clock.now += 3_600_000 - expiresIn;
      expect(await bearer(auth)).toBe('Bearer token-2');
      expect(asked.map((context) => context.forceRefresh)).toEqual([false, false]);
    }
  });

  it('takes refreshSkew in seconds', async () => {
    const { clock, getToken, now } = broker();
    const auth = accessTokenAuth({ getToken, baseUrl: BASE, now, refreshSkew: 300 });
    await bearer(auth);
    clock.now += 3_600_000 - 301_000;
    expect(await bearer(auth)).toBe('Bearer token-1');
    clock.now += 2_000;
    expect(await bearer(auth)).toBe('Bearer token-2');
  });

  it('keeps a token without a usable expiry until Jira refuses it, and reads a Date expiry', async () => {
    for (const expiresAt of [undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      const { clock, asked, getToken, now } = broker([
        { accessToken: 'kept', ...(expiresAt === undefined ? {} : { expiresAt }) },
      ]);
      const auth = accessTokenAuth({ getToken, baseUrl: BASE, now });
      await bearer(auth);
      clock.now += 365 * 86_400_000;
      expect(await bearer(auth)).toBe('Bearer kept');
      expect(asked).toHaveLength(1);
    }
    const { clock, getToken, now } = broker([
      () => ({ accessToken: 'dated', expiresAt: new Date(clock.now + 120_000) }),
    ]);
    const auth = accessTokenAuth({ getToken, baseUrl: BASE, now });
    expect(await bearer(auth)).toBe('Bearer dated');
    clock.now += 61_000;
    expect(await bearer(auth)).toBe('Bearer token-2');
  });

  it('gives getToken a signal that ends after timeoutMs (30 s unless set)', async () => {
    const waiting = (context: GetTokenContext) =>
      new Promise<string>((_, reject) =>
        context.signal?.addEventListener('abort', () => reject(context.signal?.reason)),
      );
    const short = accessTokenAuth({ getToken: waiting, baseUrl: BASE, timeoutMs: 50 });
    await expect(bearer(short)).rejects.toThrow(/did not answer in time/);
    const asked: GetTokenContext[] = [];
    const usual = accessTokenAuth({
      getToken: (context) => void asked.push(context) as never,
      baseUrl: BASE,
    });
    await bearer(usual).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(asked[0]?.signal?.aborted).toBe(false);
  });

  it('refuses an answer that is not a token, naming getToken', async () => {
    for (const answer of [undefined, null, {}, { accessToken: 'has space' }, { accessToken: 42 }]) {
      const auth = accessTokenAuth({ getToken: () => answer as never, baseUrl: BASE });
      const error = await bearer(auth).catch((failure: unknown) => failure);
      expect(error).toMatchObject({ code: 'JIRA_AUTH_CONFIGURATION', field: 'getToken' });
    }
  });

  it('names the option at fault', () => {
    expect(() => accessTokenAuth(undefined as never)).toThrow(
      expect.objectContaining({ code: 'JIRA_AUTH_CONFIGURATION', field: 'getToken' }),
    );
    expect(() => accessTokenAuth({ getToken: () => 't' } as never)).toThrow(
      expect.objectContaining({ field: 'cloudId' }),
    );
    expect(() =>
      accessTokenAuth({ getToken: () => 't', cloudId: 'c', site: 'https://a.atlassian.net' }),
    ).toThrow(expect.objectContaining({ field: 'cloudId, site' }));
    expect(() => accessTokenAuth({ getToken: () => 't', baseUrl: 'not a url' })).toThrow(
      expect.objectContaining({ field: 'baseUrl' }),
    );
    expect(() => accessTokenAuth({ getToken: () => 't', site: 'not a url' })).toThrow(
      expect.objectContaining({ field: 'site' }),
    );
  });

  it('says what it is, where it sends, and reports its renewals and lookups as access-token', async () => {
    const events: JiraAuthEvent[] = [];
    const byBase = accessTokenAuth({
      getToken: () => 't0123456789',
      baseUrl: BASE,
      onEvent: (e) => events.push(e),
    });
    expect(byBase.kind).toBe('access-token');
    expect(String(byBase)).toBe(`[jira-auth accessTokenAuth for ${BASE}]`);
    expect((await byBase.baseUrl()).href).toBe(BASE);
    await bearer(byBase);
    // No scopes given: none reported.
    expect(events).toEqual([
      expect.objectContaining({ type: 'token-renewed', strategy: 'access-token', scope: [] }),
    ]);

    const byCloudId = accessTokenAuth({
      getToken: () => 't',
      cloudId: 'cloud-1',
      endpoints: emulator.endpoints,
    });
    expect(String(byCloudId)).toBe('[jira-auth accessTokenAuth for cloud-1]');
    expect((await byCloudId.baseUrl()).href).toBe(
      `${emulator.urls.gateway.replace(emulator.cloudId, 'cloud-1')}`,
    );

    events.length = 0;
    const bySite = accessTokenAuth({
      getToken: () => 't',
      site: emulator.urls.site,
      endpoints: emulator.endpoints,
      onEvent: (e) => events.push(e),
    });
    expect(String(bySite)).toBe(`[jira-auth accessTokenAuth for ${emulator.urls.site}]`);
    await bySite.baseUrl();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'cloud-id-looked-up',
        strategy: 'access-token',
        cloudId: emulator.cloudId,
      }),
    ]);
  });
});
