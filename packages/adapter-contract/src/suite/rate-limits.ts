import { bearerAuth, jiraAuthErrorOf } from '@jira-auth/core';
import { limitWith, QuotaExhaustedError, rateLimiter } from '@jira-auth/core/limiter';
import { DEFAULT_DC_USER } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';

/**
 * A rate limiter attached to the strategy, through the adapter: each of Jira's limits answered by its scope, and
 * the pacing that keeps a batch below them (the emulator's log shows what was sent).
 */
export function rateLimitCases(context: SuiteContext): void {
  const { driver, emulator } = context;
  const site = context.classic;
  const statuses = (host: 'site' | 'dc') => emulator.requests({ host }).map((entry) => entry.status);

  describe('a shared rate limiter', () => {
    it('after a quota 429 nothing more is sent until the quota resets (failFast: a typed error at once)', async () => {
      emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 1 });
      // Someone else (another instance of the app) spent the quota.
      const other = driver.createClient({ strategy: site() });
      expect((await other.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(200);
      const strategy = limitWith(site(), rateLimiter({ failFast: true, now: () => emulator.now() }));
      const client = driver.createClient({ strategy });
      expect((await client.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(429);
      const held = await client
        .send({ method: 'GET', url: '/rest/api/3/issue/DEMO-1' })
        .catch((error: unknown) => ({ error }));
      expect(QuotaExhaustedError.isInstance(jiraAuthErrorOf(held.error) ?? held.error)).toBe(true);
      expect(statuses('site')).toEqual([200, 429]);
      emulator.advanceClock(3600);
      expect((await client.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(200);
    });

    it('a burst 429 on GET /rest/api/3/issue/{key} does not delay GET /rest/api/3/myself', async () => {
      emulator.rateLimit({
        reason: 'jira-burst-based',
        limit: 1,
        windowSeconds: 2,
        path: '/rest/api/3/issue/',
      });
      const client = driver.createClient({ strategy: limitWith(site(), rateLimiter()) });
      const issue = { method: 'GET', url: '/rest/api/3/issue/DEMO-1' } as const;
      expect((await client.send(issue)).status).toBe(200);
      expect((await client.send(issue)).status).toBe(429);
      // Held for its Retry-After, while the other endpoint goes at once.
      const held = client.send(issue);
      expect((await client.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(200);
      expect((await held).status).toBe(200);
      expect(emulator.requests({ host: 'site' }).map((entry) => `${entry.status} ${entry.path}`)).toEqual([
        '200 /rest/api/3/issue/DEMO-1',
        '429 /rest/api/3/issue/DEMO-1',
        '200 /rest/api/3/myself',
        '200 /rest/api/3/issue/DEMO-1',
      ]);
    });

    it('30 writes to one issue, all at once, end with no 429', async () => {
      emulator.rateLimit({ reason: 'jira-per-issue-on-write', limit: 20, windowSeconds: 2 });
      emulator.rateLimit({ reason: 'jira-per-issue-on-write', limit: 100, windowSeconds: 30 });
      const client = driver.createClient({ strategy: limitWith(site(), rateLimiter()) });
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          client.send({
            method: 'PUT',
            url: '/rest/api/3/issue/DEMO-1',
            json: { fields: { summary: `edit ${index}` } },
          }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(30).fill(204));
      expect(statuses('site')).toEqual(Array(30).fill(204));
    });

    it('50 concurrent GETs against a Data Center fill rate of 5 per second end with no 429', async () => {
      emulator.dataCenterRateLimit({ capacity: 25, fillRate: 5 });
      const strategy = limitWith(
        bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string }),
        rateLimiter(),
      );
      const client = driver.createClient({ strategy });
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => client.send({ method: 'GET', url: '/rest/api/2/myself' })),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
      expect(statuses('dc')).toEqual(Array(50).fill(200));
    });
  });
}
