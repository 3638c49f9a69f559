// Rate limits as Jira reports them: the reading of a response's headers, and the retry delays derived from it.
// The readings come from the emulator's real 429s where the headers matter, from hand-made headers where a
// malformed value is the point.

import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rateLimitOf, retryDelay } from '../src/index.js';
import type { RateLimitReading } from '../src/types.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const authorization = `Basic ${Buffer.from(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.classicToken}`).toString('base64')}`;
const myself = () => fetch(`${emulator.urls.site}/rest/api/3/myself`, { headers: { authorization } });

describe('rateLimitOf', () => {
  it("reads the emulator's 429 as Jira sends it: reason, Retry-After, limit, remaining, reset", async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 1, retryAfter: 7 });
    const allowed = await myself();
    const limited = await myself();
    expect(allowed.status).toBe(200);
    // Only the points quotas send NearLimit (JRACLOUD-83791): a burst limit's answers do not.
    expect(rateLimitOf(allowed)).toEqual({
      limited: false,
      limit: 1,
      remaining: 0,
      resetAt: expect.any(Date),
    });
    expect(limited.status).toBe(429);
    const reading = rateLimitOf(limited);
    expect(reading).toMatchObject({
      limited: true,
      retryAfterMs: 7000,
      limit: 1,
      remaining: 0,
      reason: 'jira-burst-based',
    });
    expect(reading.resetAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it('limits writes per issue, and leaves reads alone', async () => {
    emulator.rateLimit({ reason: 'jira-per-issue-on-write', limit: 1, retryAfter: 1 });
    const edit = () =>
      fetch(`${emulator.urls.site}/rest/api/3/issue/DEMO-1`, {
        method: 'PUT',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { summary: 'edited' } }),
      });
    expect((await edit()).status).toBe(204);
    const second = await edit();
    expect(second.status).toBe(429);
    expect(rateLimitOf(second).reason).toBe('jira-per-issue-on-write');
    expect((await myself()).status).toBe(200);
  });

  it("reads the emulator's points quota: every endpoint refused once it is spent, until the hour's window ends", async () => {
    emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 2 });
    const first = rateLimitOf(await myself());
    expect(first).toMatchObject({ limited: false, limit: 2, remaining: 1 });
    expect(first.beta).toMatchObject({
      policy: { name: 'tenant-app-quota', quota: 2, windowSeconds: 3600 },
      remaining: 1,
    });
    await myself();
    // Another endpoint: the quota is the app's, not the endpoint's.
    const refused = await fetch(`${emulator.urls.site}/rest/api/3/issue/DEMO-1`, {
      headers: { authorization },
    });
    const reading = rateLimitOf(refused, emulator.now());
    expect(reading).toMatchObject({
      limited: true,
      reason: 'jira-quota-tenant-based',
      scope: 'tenant-quota',
      remaining: 0,
    });
    // The rest of the hour since the first request (on a busy machine, a little less than all of it).
    const hour = 3_600_000;
    expect(reading.retryAfterMs).toBeLessThanOrEqual(hour);
    expect(reading.retryAfterMs).toBeGreaterThan(hour - 60_000);
    expect(reading.beta?.remaining).toBe(0);
    expect(reading.beta?.resetAt?.getTime()).toBeLessThanOrEqual(emulator.now() + hour);
    expect(reading.beta?.resetAt?.getTime()).toBeGreaterThan(emulator.now() + hour - 60_000);
    emulator.advanceClock(3600);
    expect((await myself()).status).toBe(200);
  });

  it("reads the emulator's Data Center token bucket: its headers on every answer, an HTML 429 when it is empty", async () => {
    // A minute's interval: no refill happens by itself while the test runs, however slow the machine.
    emulator.dataCenterRateLimit({ capacity: 2, fillRate: 1, intervalSeconds: 60 });
    const pat = { authorization: `Bearer ${DEFAULT_DC_USER.pat}` };
    const get = () => fetch(`${emulator.urls.dataCenter}/rest/api/2/myself`, { headers: pat });
    const bucket = { limit: 2, intervalSeconds: 60, fillRate: 1 };
    expect(rateLimitOf(await get())).toEqual({ limited: false, remaining: 1, ...bucket });
    expect(rateLimitOf(await get())).toEqual({ limited: false, remaining: 0, ...bucket });
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await refused.text()).toContain('HTTP Status 429');
    const reading = rateLimitOf(refused);
    expect(reading).toMatchObject({ limited: true, remaining: 0, ...bucket });
    expect(reading.retryAfterMs).toBeGreaterThan(0);
    expect(reading.retryAfterMs).toBeLessThanOrEqual(60_000);
    // The next interval adds one request; the Cloud site is not limited by it.
    emulator.advanceClock(60);
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    expect((await myself()).status).toBe(200);
  });

  it('leaves absent headers absent, and a response without them unlimited', async () => {
    const response = await myself();
    expect(rateLimitOf(response)).toEqual({ limited: false });
    expect(rateLimitOf({ status: 429, headers: {} })).toEqual({ limited: true });
  });

  it('ignores malformed headers instead of throwing', () => {
    const reading = rateLimitOf({
      status: 429,
      headers: {
        'Retry-After': 'soon',
        'X-RateLimit-Reset': 'tomorrow',
        'X-RateLimit-Limit': '-3',
        'X-RateLimit-Remaining': '1.5',
        'X-RateLimit-NearLimit': 'maybe',
        'RateLimit-Reason': '',
      },
    });
    expect(reading).toEqual({ limited: true });
  });

  it('takes Retry-After 0, an HTTP date, and a 503 only when it says when to come back', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(rateLimitOf({ status: 429, headers: { 'retry-after': '0' } }).retryAfterMs).toBe(0);
    expect(
      rateLimitOf({ status: 429, headers: { 'retry-after': 'Sun, 29 Nov 2026 10:00:30 GMT' } }, now)
        .retryAfterMs,
    ).toBe(30_000);
    expect(rateLimitOf({ status: 503, headers: new Headers({ 'retry-after': '2' }) }).limited).toBe(true);
    expect(rateLimitOf({ status: 503, headers: new Headers() }).limited).toBe(false);
    expect(
      rateLimitOf({
        status: 200,
        headers: { 'x-ratelimit-reset': '2026-11-29T10:15Z' },
      }).resetAt?.toISOString(),
    ).toBe('2026-11-29T10:15:00.000Z');
  });
});

describe('rateLimitOf: every header family Jira sends', () => {
  const now = Date.parse('2026-11-29T10:00:00Z');
  const read = (status: number, headers: Record<string, string>) =>
    rateLimitOf({ status, headers: new Headers(headers) }, now);

  it.each<[string, number, Record<string, string>, RateLimitReading]>([
    [
      'Cloud, a burst 429',
      429,
      {
        'Retry-After': '7',
        'X-RateLimit-Limit': '100',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '2026-11-29T10:15Z',
        'X-RateLimit-NearLimit': 'true',
        'RateLimit-Reason': 'jira-burst-based',
      },
      {
        limited: true,
        retryAfterMs: 7000,
        limit: 100,
        remaining: 0,
        resetAt: new Date('2026-11-29T10:15:00Z'),
        nearLimit: true,
        reason: 'jira-burst-based',
        scope: 'burst',
      },
    ],
    [
      'Cloud, a points quota 429 with the structured headers',
      429,
      {
        'Retry-After': '2788',
        'RateLimit-Reason': 'jira-quota-tenant-based',
        'RateLimit-Policy': '"tenant-app-quota";q=100100;w=3600',
        RateLimit: '"tenant-app-quota";r=0;t=2788',
      },
      {
        limited: true,
        retryAfterMs: 2_788_000,
        reason: 'jira-quota-tenant-based',
        scope: 'tenant-quota',
        policy: { name: 'tenant-app-quota', quota: 100100, windowSeconds: 3600 },
        limit: 100100,
        remaining: 0,
        resetAt: new Date(now + 2_788_000),
      },
    ],
    [
      'Cloud, the global pool',
      429,
      { 'Retry-After': '600', 'RateLimit-Reason': 'jira-quota-global-based' },
      { limited: true, retryAfterMs: 600_000, reason: 'jira-quota-global-based', scope: 'global-quota' },
    ],
    [
      'Cloud, writes to one issue',
      429,
      { 'Retry-After': '2', 'RateLimit-Reason': 'jira-per-issue-on-write' },
      { limited: true, retryAfterMs: 2000, reason: 'jira-per-issue-on-write', scope: 'per-issue-write' },
    ],
    [
      'Cloud, only the shadow headers of a limit not enforced yet (a 200)',
      200,
      {
        'Beta-Retry-After': '30',
        'X-Beta-RateLimit-NearLimit': 'true',
        'X-Beta-RateLimit-Reason': 'jira-quota-global-based',
        'X-Beta-RateLimit-Reset': '2026-11-29T11:00Z',
        'Beta-RateLimit-Policy': '"tenant-app-quota";q=100100;w=3600',
        'Beta-RateLimit': '"tenant-app-quota";r=512;t=1800',
      },
      {
        limited: false,
        beta: {
          retryAfterMs: 30_000,
          nearLimit: true,
          reason: 'jira-quota-global-based',
          scope: 'global-quota',
          resetAt: new Date('2026-11-29T11:00:00Z'),
          policy: { name: 'tenant-app-quota', quota: 100100, windowSeconds: 3600 },
          limit: 100100,
          remaining: 512,
        },
      },
    ],
    [
      'Data Center 8.6+, a 429 from its token bucket',
      429,
      {
        'Retry-After': '1',
        'X-RateLimit-Limit': '10',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Interval-Seconds': '1',
        'X-RateLimit-FillRate': '5',
      },
      { limited: true, retryAfterMs: 1000, limit: 10, remaining: 0, intervalSeconds: 1, fillRate: 5 },
    ],
    [
      'the quotas under their names before 2026, and a reason Jira adds later',
      429,
      { 'RateLimit-Reason': 'jira-quota-based' },
      { limited: true, reason: 'jira-quota-based', scope: 'tenant-quota' },
    ],
    [
      'a reason not known yet: kept, with no scope',
      429,
      { 'RateLimit-Reason': 'jira-something-new' },
      { limited: true, reason: 'jira-something-new' },
    ],
  ])('%s', (_name, status, headers, expected) => {
    expect(read(status, headers)).toEqual(expected);
  });

  // The structured field syntax (RFC 9651) at its edges: what is read, and what is left out.
  it.each<[string, string, RateLimitReading['policy']]>([
    ['a token instead of a string', 'burst;q=100;w=1', { name: 'burst', quota: 100, windowSeconds: 1 }],
    [
      'spaces around the parts',
      ' "tenant-app-quota" ; q=100100 ;w=3600 ',
      { name: 'tenant-app-quota', quota: 100100, windowSeconds: 3600 },
    ],
    [
      'two policies: the first applies',
      '"a";q=10;w=60, "b";q=1000;w=3600',
      { name: 'a', quota: 10, windowSeconds: 60 },
    ],
    ['an escaped quote in the name', '"ten\\"ant";q=1;w=2', { name: 'ten"ant', quota: 1, windowSeconds: 2 }],
    [
      'a comma and a semicolon inside the name',
      '"a,b;c";q=1;w=2',
      { name: 'a,b;c', quota: 1, windowSeconds: 2 },
    ],
    [
      'a parameter that is a string, and one that is a flag',
      '"x";q=5;w=60;pk="k";partition',
      { name: 'x', quota: 5, windowSeconds: 60 },
    ],
    ['an unbalanced quote', '"tenant-app-quota;q=1;w=2', undefined],
    ['a quota that is not a whole number', '"x";q=abc;w=3600', undefined],
    ['a negative quota', '"x";q=-5;w=60', undefined],
    ['a quota with a fraction', '"x";q=1.5;w=60', undefined],
    ['no quota', '"x";w=3600', undefined],
    ['a key in capitals (keys are lowercase)', '"x";Q=1;w=2', undefined],
    ['an empty member first', ', "x";q=1;w=2', undefined],
    ['garbage', '%%%', undefined],
  ])('RateLimit-Policy, %s', (_name, value, policy) => {
    const reading = read(429, { 'RateLimit-Policy': value });
    expect(reading.policy).toEqual(policy);
    expect(reading.limit).toBe(policy?.quota);
  });

  it('prefers X-RateLimit-* to the structured form, and keeps each family to itself', () => {
    const reading = read(429, {
      'X-RateLimit-Limit': '50',
      'X-RateLimit-Remaining': '3',
      'X-RateLimit-Reset': '2026-11-29T10:15Z',
      'RateLimit-Policy': '"tenant-app-quota";q=100100;w=3600',
      RateLimit: '"tenant-app-quota";r=0;t=2788',
      'Beta-RateLimit': '"tenant-app-quota";r=9;t=60',
    });
    expect(reading).toMatchObject({ limit: 50, remaining: 3, resetAt: new Date('2026-11-29T10:15:00Z') });
    expect(reading.beta).toEqual({ remaining: 9, resetAt: new Date(now + 60_000) });
  });
});

describe('retryDelay', () => {
  const limited: RateLimitReading = { limited: true };
  const get = { method: 'GET', attempt: 0, waitedMs: 0 };

  it('waits what Retry-After says, 0 included', () => {
    expect(retryDelay({ limited: true, retryAfterMs: 0 }, get)).toBe(0);
    expect(retryDelay({ limited: true, retryAfterMs: 2500 }, get)).toBe(2500);
  });

  it('without Retry-After, backs off exponentially with full jitter, up to maxDelayMs', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    expect(
      [0, 1, 2, 3, 4, 5].map((attempt) =>
        retryDelay(limited, { ...get, attempt }, { ...policy, retries: 9 }),
      ),
    ).toEqual([99, 199, 399, 799, 999, 999]);
    expect(retryDelay(limited, get, { ...policy, random: () => 0 })).toBe(0);
  });

  it('stops after `retries`, and before waiting past maxWaitMs', () => {
    expect(retryDelay(limited, { ...get, attempt: 3 }, { random: () => 0 })).toBeUndefined();
    expect(retryDelay(limited, { ...get, attempt: 2 }, { random: () => 0 })).toBe(0);
    expect(retryDelay({ limited: true, retryAfterMs: 5000 }, { ...get, waitedMs: 56_000 })).toBeUndefined();
    expect(retryDelay({ limited: true, retryAfterMs: 5000 }, { ...get, waitedMs: 55_000 })).toBe(5000);
  });

  it('retries only idempotent methods unless told, and never what is not a rate limit', () => {
    expect(retryDelay(limited, { ...get, method: 'POST' })).toBeUndefined();
    expect(retryDelay(limited, { ...get, method: 'post' }, { methods: ['POST'], random: () => 0 })).toBe(0);
    expect(retryDelay({ limited: false, retryAfterMs: 0 }, get)).toBeUndefined();
    expect(retryDelay(rateLimitOf({ status: 401, headers: { 'retry-after': '0' } }), get)).toBeUndefined();
    expect(retryDelay(rateLimitOf({ status: 403, headers: { 'retry-after': '0' } }), get)).toBeUndefined();
  });
});
