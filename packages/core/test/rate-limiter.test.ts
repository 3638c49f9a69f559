// The shared rate limiter (work in progress, issue 31): after a points-quota 429, nothing more is sent until the
// quota resets; requests wait, or fail at once with failFast. Through the adapter kit, as every adapter uses it.
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { authorize, settle } from '../src/adapter-kit/index.js';
import { basicAuth } from '../src/index.js';
import { limitWith, QuotaExhaustedError, rateLimiter } from '../src/limiter.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const strategy = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.classicToken,
  });

/** One request as an adapter sends it: authorize, send, settle. */
async function send(auth: ReturnType<typeof strategy>, path: string): Promise<number> {
  const url = new URL(`${emulator.urls.site}${path}`);
  const state = await authorize(auth, { url, method: 'GET' });
  const response = await fetch(url, { headers: state.headers });
  await settle(state, response);
  return response.status;
}

it('after a quota 429, fails every request at once (failFast) until the reset, sending none', async () => {
  emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 1, windowSeconds: 3600 });
  const auth = limitWith(strategy(), rateLimiter({ failFast: true, now: () => emulator.now() }));
  expect(await send(auth, '/rest/api/3/myself')).toBe(200);
  expect(await send(auth, '/rest/api/3/myself')).toBe(429);
  const held = await send(auth, '/rest/api/3/issue/DEMO-1').catch((error: unknown) => error);
  expect(QuotaExhaustedError.isInstance(held)).toBe(true);
  expect((held as QuotaExhaustedError).until.getTime()).toBeGreaterThan(emulator.now());
  expect(emulator.requests({ host: 'site' })).toHaveLength(2);
  // Once the quota resets, requests go again.
  emulator.advanceClock(3600);
  expect(await send(auth, '/rest/api/3/myself')).toBe(200);
});

it("a burst 429 holds nothing: only the quota is the whole app's", async () => {
  emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 60 });
  const auth = limitWith(strategy(), rateLimiter({ failFast: true, now: () => emulator.now() }));
  expect(await send(auth, '/rest/api/3/myself')).toBe(429);
  expect(await send(auth, '/rest/api/3/myself')).toBe(429);
  expect(emulator.requests({ host: 'site' })).toHaveLength(2);
});
