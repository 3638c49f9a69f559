// Rate limits as Jira reports them: the reading of a response's headers, and the retry delays derived from it.
// The readings come from the emulator's real 429s where the headers matter, from hand-made headers where a
// malformed value is the point.

import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
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
    expect(rateLimitOf(allowed)).toEqual({
      limited: false,
      limit: 1,
      remaining: 0,
      nearLimit: true,
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
