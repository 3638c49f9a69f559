// The shared rate limiter, through the adapter kit as every adapter uses it, against the emulator's limits: each
// limit held by its own scope (the quota everything, a burst one endpoint, per-issue writes one issue), Data
// Center's bucket honoured, near-limit answers spread out, and nothing sent in a batch before the first answer.
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorize, settle } from '../src/adapter-kit/index.js';
import { basicAuth, bearerAuth, ConfigurationError } from '../src/index.js';
import { limitWith, QuotaExhaustedError, rateLimiter } from '../src/limiter.js';
import type { AuthStrategy } from '../src/strategy.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const cloud = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.classicToken,
  });

/** One request as an adapter sends it: authorize, send, settle. */
async function send(
  auth: AuthStrategy,
  path: string,
  init: { method?: string; body?: string; signal?: AbortSignal } = {},
): Promise<number> {
  const base = (await auth.baseUrl()).href.replace(/\/$/, '');
  const url = new URL(`${base}${path}`);
  const method = init.method ?? 'GET';
  const state = await authorize(auth, { url, method, body: init.body, signal: init.signal });
  const response = await fetch(url, {
    method,
    headers: { ...state.headers, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: init.body } : {}),
  });
  await response.arrayBuffer();
  await settle(state, response);
  return response.status;
}

/** The one request the quota allows, spent by someone else (another app instance, another process). */
const spendQuota = () =>
  fetch(`${emulator.urls.site}/rest/api/3/myself`, {
    headers: {
      authorization: `Basic ${btoa(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.classicToken}`)}`,
    },
  });

describe('a points-quota 429', () => {
  it('fails every later request at once with failFast, sending none, until the quota resets', async () => {
    emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 1, windowSeconds: 3600 });
    await spendQuota();
    const auth = limitWith(cloud(), rateLimiter({ failFast: true, now: () => emulator.now() }));
    expect(await send(auth, '/rest/api/3/myself')).toBe(429);
    const held = await send(auth, '/rest/api/3/issue/DEMO-1').catch((error: unknown) => error);
    expect(QuotaExhaustedError.isInstance(held)).toBe(true);
    expect((held as QuotaExhaustedError).until.getTime()).toBeGreaterThan(emulator.now());
    expect((held as Error).message).toMatch(
      /quota is spent until .*Z: GET .*\/rest\/api\/3\/issue\/DEMO-1 was not sent/,
    );
    expect(emulator.requests({ host: 'site' }).map((entry) => entry.status)).toEqual([200, 429]);
    emulator.advanceClock(3600);
    expect(await send(auth, '/rest/api/3/myself')).toBe(200);
  });

  it('holds every later request until the reset, then sends it: one 429 in the log', async () => {
    emulator.rateLimit({ reason: 'jira-quota-global-based', limit: 1, windowSeconds: 1 });
    await spendQuota();
    const auth = limitWith(cloud(), rateLimiter());
    expect(await send(auth, '/rest/api/3/myself')).toBe(429);
    expect(await send(auth, '/rest/api/3/issue/DEMO-1')).toBe(200);
    expect(emulator.requests({ host: 'site' }).map((entry) => entry.status)).toEqual([200, 429, 200]);
  });
});

it('a burst 429 holds that endpoint and method only: another endpoint goes at once', async () => {
  emulator.rateLimit({ reason: 'jira-burst-based', limit: 1, windowSeconds: 2, path: '/rest/api/3/issue/' });
  const auth = limitWith(cloud(), rateLimiter());
  expect(await send(auth, '/rest/api/3/issue/DEMO-1')).toBe(200);
  expect(await send(auth, '/rest/api/3/issue/DEMO-1')).toBe(429);
  // Held until Retry-After, while the other endpoint is not.
  const held = send(auth, '/rest/api/3/issue/DEMO-1');
  expect(await send(auth, '/rest/api/3/myself')).toBe(200);
  expect(await held).toBe(200);
  const log = emulator.requests({ host: 'site' }).map((entry) => `${entry.status} ${entry.path}`);
  expect(log).toEqual([
    '200 /rest/api/3/issue/DEMO-1',
    '429 /rest/api/3/issue/DEMO-1',
    '200 /rest/api/3/myself',
    '200 /rest/api/3/issue/DEMO-1',
  ]);
});

it("spaces 30 writes to one issue within Jira's per-issue limits: no 429", async () => {
  emulator.rateLimit({ reason: 'jira-per-issue-on-write', limit: 20, windowSeconds: 2 });
  emulator.rateLimit({ reason: 'jira-per-issue-on-write', limit: 100, windowSeconds: 30 });
  const auth = limitWith(cloud(), rateLimiter());
  const body = JSON.stringify({ fields: { summary: 'edited' } });
  const statuses = await Promise.all(
    Array.from({ length: 30 }, () => send(auth, '/rest/api/3/issue/DEMO-1', { method: 'PUT', body })),
  );
  expect(statuses).toEqual(Array(30).fill(204));
  expect(emulator.requests({ host: 'site', path: '/issue/DEMO-1' })).toHaveLength(30);
});

it("a per-issue 429 holds that issue's writes, not its reads", async () => {
  emulator.rateLimit({ reason: 'jira-per-issue-on-write', limit: 0, retryAfter: 60 });
  const auth = limitWith(cloud(), rateLimiter({ issueWrites: false }));
  const body = JSON.stringify({ fields: { summary: 'edited' } });
  expect(await send(auth, '/rest/api/3/issue/DEMO-1', { method: 'PUT', body })).toBe(429);
  const abort = new AbortController();
  const held = send(auth, '/rest/api/3/issue/DEMO-1', { method: 'PUT', body, signal: abort.signal });
  expect(await send(auth, '/rest/api/3/issue/DEMO-1')).toBe(200);
  expect(await send(auth, '/rest/api/3/issue/DEMO-2', { method: 'PUT', body })).toBe(429);
  abort.abort(new Error('given up'));
  await expect(held).rejects.toThrow('given up');
  expect(emulator.requests({ host: 'site' })).toHaveLength(3);
});

it("keeps Data Center's token bucket: 50 concurrent GETs at a fill rate of 10 per second, no 429", async () => {
  emulator.dataCenterRateLimit({ capacity: 20, fillRate: 10 });
  const auth = limitWith(
    bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat }),
    rateLimiter(),
  );
  const statuses = await Promise.all(Array.from({ length: 50 }, () => send(auth, '/rest/api/2/myself')));
  expect(statuses).toEqual(Array(50).fill(200));
  expect(emulator.requests({ host: 'dc' })).toHaveLength(50);
});

describe('the limiter on its own', () => {
  const request = { method: 'GET', url: new URL('https://example.atlassian.net/rest/api/3/myself') };

  it('sends one request before the first answer, and the rest once it has come', async () => {
    const limiter = rateLimiter();
    const gone: number[] = [];
    const all = [0, 1, 2].map((index) => limiter.acquire(request).then(() => gone.push(index)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gone).toEqual([0]);
    limiter.learn(request, { limited: false });
    await Promise.all(all);
    expect(gone).toEqual([0, 1, 2]);
  });

  it('a request with no answer (a network error) lets the others go too', async () => {
    const limiter = rateLimiter();
    await limiter.acquire(request);
    const next = limiter.acquire(request);
    limiter.learn(request);
    await next;
  });

  it('spreads what is left of a limit over the time to its reset while Jira says it is near', async () => {
    const limiter = rateLimiter();
    await limiter.acquire(request);
    limiter.learn(request, {
      limited: false,
      nearLimit: true,
      remaining: 1,
      resetAt: new Date(Date.now() + 600),
    });
    const started = Date.now();
    await limiter.acquire(request);
    await limiter.acquire(request);
    // Two more requests with one left before the reset: the second waits about half the time to it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('stops spreading once Jira says the limit is no longer near', async () => {
    const limiter = rateLimiter();
    await limiter.acquire(request);
    limiter.learn(request, {
      limited: false,
      nearLimit: true,
      remaining: 2,
      resetAt: new Date(Date.now() + 60_000),
    });
    await limiter.acquire(request);
    let sent = false;
    const next = limiter.acquire(request).then(() => {
      sent = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toBe(false);
    limiter.learn(request, { limited: false, nearLimit: false });
    await next;
    expect(sent).toBe(true);
  });

  it('counts a burst per endpoint, as Jira does: another issue by the same method is held, a write is not', async () => {
    const limiter = rateLimiter();
    const issue = (key: string, method = 'GET') => ({
      method,
      url: new URL(`https://example.atlassian.net/rest/api/3/issue/${key}`),
      signal: AbortSignal.timeout(100),
    });
    await limiter.acquire(issue('DEMO-1'));
    limiter.learn(issue('DEMO-1'), { limited: true, retryAfterMs: 60_000, scope: 'burst' });
    await expect(limiter.acquire(issue('DEMO-2'))).rejects.toThrow(/timeout|aborted/i);
    await limiter.acquire(issue('DEMO-2', 'PUT'));
    await limiter.acquire(request);
  });

  it('a quota with nothing left (NearLimit, none remaining) is held as spent until its reset, before any 429', async () => {
    const limiter = rateLimiter({ failFast: true });
    await limiter.acquire(request);
    const resetAt = new Date(Date.now() + 60_000);
    limiter.learn(request, { limited: false, nearLimit: true, remaining: 0, resetAt });
    const held = await limiter.acquire(request).catch((error: unknown) => error);
    expect(QuotaExhaustedError.isInstance(held)).toBe(true);
    expect((held as QuotaExhaustedError).until).toEqual(resetAt);
  });

  it('names a bad issueWrites limit', () => {
    expect(() => rateLimiter({ issueWrites: [{ writes: 0, perMs: 1000 }] })).toThrow(ConfigurationError);
    expect(() => rateLimiter({ issueWrites: [{ writes: 0, perMs: 1000 }] })).toThrow(/issueWrites.*writes/);
  });
});
