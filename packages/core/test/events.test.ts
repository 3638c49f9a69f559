// Events: every type is emitted by a real flow against the emulator, and no event, of any type, holds a secret.

import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  basicAuth,
  bearerAuth,
  ConfigurationError,
  type JiraAuthEvent,
  memoryStore,
  oauth2,
  observe,
  type TokenSet,
  type TokenStore,
} from '../src/index.js';
import { EXPIRY_WARNING_DAYS } from '../src/static-header.js';
import type { LockHeld, OAuth2Options } from '../src/types.js';
import { retryRateLimited, settleFetchResponse } from './kit.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const app = DEFAULT_OAUTH_CLIENT;
/** The emulator's 3LO app for its Cloud user, on its site's cloudId and its clock; each case adds what it varies. */
const appStrategy = (options: Partial<OAuth2Options>) =>
  oauth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
    ...options,
  });
const expiredGrant = (): TokenSet => ({
  ...emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']),
  expiresAt: emulator.now() - 1000,
});

/** A store whose lock another holder can take: `hold(ms)` keeps it that long. */
function lockingStore(): TokenStore & { hold(ms: number): void } {
  const inner = memoryStore();
  let queue: Promise<unknown> = Promise.resolve();
  let holders = 0;
  const lock = <T>(_key: string, fn: (held?: LockHeld) => Promise<T>): Promise<T> => {
    const held = { contended: holders++ > 0 };
    const inside = () => fn(held).finally(() => holders--);
    const run = queue.then(inside, inside);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    get: (key) => inner.get(key),
    set: (key, tokens, condition) => inner.set(key, tokens, condition),
    delete: (key) => inner.delete(key),
    lock,
    hold: (ms) => void lock('held', () => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

describe('onEvent', () => {
  it('reports every kind of event, and none holds a secret', async () => {
    const events: JiraAuthEvent[] = [];
    const onEvent = (event: JiraAuthEvent) => events.push(event);
    const store = lockingStore();
    const tokens = expiredGrant();
    const strategy = oauth2({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      site: emulator.urls.site,
      endpoints: emulator.endpoints,
      tokens,
      store,
      now: () => emulator.now(),
      onEvent,
    });
    // lock-waited, token-renewed, cloud-id-looked-up: the expired token is renewed under a lock another holds.
    store.hold(30);
    const base = await strategy.baseUrl();
    // retried-after-401: Jira refuses the token once (long after the renewal).
    emulator.advanceClock(120);
    const url = new URL(`${base.href}/rest/api/3/myself`);
    const headers = new Headers(await strategy.authenticate({ url, method: 'GET' }));
    emulator.inject({ host: 'api', path: '/ex/jira', status: 401 });
    const settled = await settleFetchResponse(
      strategy,
      { url, method: 'GET', headers, body: undefined, replayable: true },
      await fetch(url, { headers }),
    );
    expect(settled.retried).toBe(true);
    // rate-limited: a 429 with Retry-After 0, sent again once.
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const fresh = new Headers(await strategy.authenticate({ url, method: 'GET' }));
    await retryRateLimited(
      await fetch(url, { headers: fresh }),
      { method: 'GET', strategy, url },
      { retries: 1 },
      () => fetch(url, { headers: fresh }),
    );
    // renewal-failed: a refresh token the authorization server does not know.
    const broken = appStrategy({
      account: 'someone-else',
      tokens: { ...expiredGrant(), refreshToken: 'unknown-refresh-token-0000' },
      onEvent,
    });
    await expect(broken.authenticate({ url, method: 'GET' })).rejects.toThrow(/refresh token was refused/);
    // An API token's adapter events come through its own option.
    const apiTokenEvents: JiraAuthEvent[] = [];
    const classic = basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken as string,
      onEvent: (event) => apiTokenEvents.push(event),
    });
    await retryRateLimited(
      { status: 429, headers: { 'retry-after': '0' } },
      { method: 'GET', strategy: classic, url: `${emulator.urls.site}/rest/api/3/myself?jql=secret` },
      { retries: 0 },
      async () => {
        throw new Error('not sent again: retries is 0');
      },
    );

    const types = new Set(events.map((event) => event.type));
    expect([...types].sort()).toEqual([
      'cloud-id-looked-up',
      'lock-waited',
      'rate-limited',
      'renewal-failed',
      'retried-after-401',
      'token-renewed',
    ]);
    expect(events.find((event) => event.type === 'cloud-id-looked-up')).toMatchObject({
      strategy: 'oauth2',
      site: emulator.urls.site,
      cloudId: emulator.cloudId,
    });
    expect(events.find((event) => event.type === 'renewal-failed')).toMatchObject({
      code: 'JIRA_AUTH_REFRESH_FAILED',
      reauthorize: true,
    });
    const waited = events.find((event) => event.type === 'lock-waited');
    expect(waited?.type === 'lock-waited' && waited.waitedMs).toBeGreaterThan(0);
    expect(apiTokenEvents).toEqual([
      {
        type: 'rate-limited',
        strategy: 'basic',
        method: 'GET',
        url: `${emulator.urls.site}/rest/api/3/myself`,
        reading: { limited: true, retryAfterMs: 0 },
        retryInMs: undefined,
      },
    ]);

    const stored = await store.get(`jira-auth:atlassian:${app.clientId}:${DEFAULT_CLOUD_USER.accountId}`);
    const secrets = [
      tokens.accessToken,
      tokens.refreshToken,
      stored?.accessToken,
      stored?.refreshToken,
      app.clientSecret,
      DEFAULT_CLOUD_USER.classicToken,
      'unknown-refresh-token-0000',
      'secret',
    ].filter((secret): secret is string => typeof secret === 'string');
    const text = JSON.stringify([...events, ...apiTokenEvents]);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("token-renewed tells a pair this process asked for from one adopted from the store: the count of the first is the token endpoint's", async () => {
    // Two processes (two strategies) on one store with a lock, the stored token expired: one token request.
    const store = lockingStore();
    const tokens = expiredGrant();
    const processes = [0, 1].map(() => {
      const events: JiraAuthEvent[] = [];
      const strategy = appStrategy({ tokens, store, onEvent: (event) => events.push(event) });
      return { strategy, events };
    });
    await Promise.all(
      processes.map(({ strategy }) =>
        strategy.authenticate({ url: new URL(emulator.urls.gateway), method: 'GET' }),
      ),
    );
    const requested = emulator.requests({ host: 'auth', path: '/oauth/token' }).length;
    const renewed = processes.map(({ events }) =>
      events.flatMap((event) => (event.type === 'token-renewed' ? [event.adopted] : [])),
    );
    expect(requested).toBe(1);
    expect(renewed.flat().sort()).toEqual([false, true]);
    expect(renewed.flat().filter((adopted) => !adopted)).toHaveLength(requested);
  });

  it("observe() after the factory hears the strategy's own events too (renewals), not only the adapters'", async () => {
    const events: JiraAuthEvent[] = [];
    const strategy = observe(appStrategy({ tokens: expiredGrant() }), (event) => events.push(event));
    await strategy.authenticate({ url: new URL(emulator.urls.gateway), method: 'GET' });
    expect(events.map((event) => event.type)).toContain('token-renewed');
    const basic = observe(
      basicAuth({
        site: emulator.urls.site,
        email: DEFAULT_CLOUD_USER.email,
        apiToken: DEFAULT_CLOUD_USER.classicToken,
        expiresAt: new Date(emulator.now() + 86_400_000),
      }),
      (event) => events.push(event),
    );
    await basic.authenticate({ url: new URL(emulator.urls.site), method: 'GET' });
    expect(events.map((event) => event.type)).toContain('credential-expiring');
  });

  it('a listener that throws does not break the request', async () => {
    const strategy = appStrategy({
      tokens: expiredGrant(),
      onEvent: () => {
        throw new Error('a broken logger');
      },
    });
    const headers = await strategy.authenticate({ url: new URL(emulator.urls.gateway), method: 'GET' });
    expect(headers.authorization).toMatch(/^Bearer /);
  });
});

describe('expiresAt: an API token or PAT seen expiring', () => {
  const DAY = 86_400_000;
  afterEach(() => vi.useRealTimers());

  it('credential-expiring once a day from two weeks ahead, with the days left, for basicAuth and bearerAuth', async () => {
    // Only Date is faked: the emulator's HTTP server and timers run as they do.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2027, 2, 10, 9));
    const events: JiraAuthEvent[] = [];
    const classic = basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken,
      expiresAt: '2027-03-31',
      onEvent: (event) => events.push(event),
    });
    const pat = bearerAuth({
      baseUrl: emulator.urls.dataCenter,
      token: DEFAULT_DC_USER.pat,
      expiresAt: new Date(Date.UTC(2027, 2, 12)),
      onEvent: (event) => events.push(event),
    });
    const myself = async (strategy: typeof classic, path: string) => {
      const url = new URL(`${(await strategy.baseUrl()).href.replace(/\/$/, '')}${path}`);
      const response = await fetch(url, { headers: await strategy.authenticate({ url, method: 'GET' }) });
      return response.status;
    };
    // 21 days ahead: nothing yet. The PAT, a day and a half ahead: reported, once however often it is used that day.
    expect(await myself(classic, '/rest/api/3/myself')).toBe(200);
    expect(await myself(pat, '/rest/api/2/myself')).toBe(200);
    vi.setSystemTime(Date.UTC(2027, 2, 10, 23, 59));
    expect(await myself(pat, '/rest/api/2/myself')).toBe(200);
    expect(events).toEqual([
      { type: 'credential-expiring', strategy: 'bearer', expiresAt: Date.UTC(2027, 2, 12), daysLeft: 1 },
    ]);
    // The API token's window opens EXPIRY_WARNING_DAYS before its day (not a moment sooner); the next day, both
    // report again.
    vi.setSystemTime(Date.UTC(2027, 2, 31) - EXPIRY_WARNING_DAYS * DAY);
    await myself(classic, '/rest/api/3/myself');
    expect(events).toHaveLength(1);
    vi.setSystemTime(Date.UTC(2027, 2, 31) - EXPIRY_WARNING_DAYS * DAY + 1);
    await myself(classic, '/rest/api/3/myself');
    await myself(classic, '/rest/api/3/myself');
    vi.setSystemTime(Date.UTC(2027, 2, 18, 9));
    await myself(classic, '/rest/api/3/myself');
    await myself(pat, '/rest/api/2/myself');
    expect(events.slice(1)).toEqual([
      { type: 'credential-expiring', strategy: 'basic', expiresAt: Date.UTC(2027, 2, 31), daysLeft: 13 },
      { type: 'credential-expiring', strategy: 'basic', expiresAt: Date.UTC(2027, 2, 31), daysLeft: 12 },
      { type: 'credential-expiring', strategy: 'bearer', expiresAt: Date.UTC(2027, 2, 12), daysLeft: -7 },
    ]);
    expect(JSON.stringify(events)).not.toContain(DEFAULT_CLOUD_USER.classicToken);
    expect(JSON.stringify(events)).not.toContain(DEFAULT_DC_USER.pat);
  });

  it('a 401 after the date names it; before it, the usual advice', async () => {
    const rejectedWith = async (expiresAt: string | number) => {
      const strategy = basicAuth({
        site: emulator.urls.site,
        email: DEFAULT_CLOUD_USER.email,
        apiToken: 'ATATT-a-token-jira-no-longer-takes',
        expiresAt,
      });
      const url = new URL(`${emulator.urls.site}/rest/api/3/myself`);
      const response = await fetch(url, { headers: await strategy.authenticate({ url, method: 'GET' }) });
      expect(response.status).toBe(401);
      const decision = await strategy.unauthorized(
        { url, method: 'GET' },
        { status: 401, headers: response.headers },
      );
      return decision.retry ? undefined : decision.error.message;
    };
    expect(await rejectedWith('2026-01-15')).toBe(
      '[@jira-auth/core] Jira rejected the API token: set scoped: true for a scoped or service-account token; otherwise it expired or was revoked (expired on 2026-01-15)',
    );
    // From the very moment it passes.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2027, 2, 31));
    expect(await rejectedWith('2027-03-31')).toMatch(/ \(expired on 2027-03-31\)$/);
    expect(await rejectedWith(Date.UTC(2027, 2, 31) + 1)).not.toMatch(/expired on/);
    vi.useRealTimers();
    expect(await rejectedWith('2999-01-15')).toBe(
      '[@jira-auth/core] Jira rejected the API token: set scoped: true for a scoped or service-account token; otherwise it expired or was revoked',
    );
  });

  it('an expiresAt that is not a date: a ConfigurationError that says what to pass', () => {
    expect(() =>
      bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat, expiresAt: '31/03/2027' }),
    ).toThrow(
      new ConfigurationError(
        'expiresAt',
        'is not a date: pass a Date, an ISO date such as 2027-03-31, or ms since the epoch',
      ),
    );
  });
});
