import {
  CredentialRejectedError,
  jiraAuthErrorOf,
  memoryStore,
  oauth2,
  RefreshFailedError,
  ScopeMissingError,
} from '@jira-auth/core';
import { DEFAULT_CLOUD_USER } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';
import { expectNoSecret } from '../no-secret.js';

import { app, attempt, authorizeCloud, bearerOf, type OAuthContext } from './oauth-context.js';

/** OAuth 2.0 (3LO): the flow helpers, renewal, rotation, single-flight, scopes. */
export function threeLeggedCases(context: OAuthContext): void {
  const { driver, emulator, configure, now, tokenRequests, refreshes, myself, cloudStrategy } = context;
  describe('OAuth 2.0 (3LO)', () => {
    it('the flow helpers authorise, and calls go through the gateway with Bearer', async () => {
      const { strategy, tokens } = await cloudStrategy();
      const response = await driver.createClient({ strategy }).send(myself);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ accountId: DEFAULT_CLOUD_USER.accountId });
      const call = emulator.requests({ path: '/rest/api/3/myself' })[0];
      expect(call?.host).toBe('api');
      expect(call?.path).toBe(`/ex/jira/${emulator.cloudId}/rest/api/3/myself`);
      expect(call?.headers.authorization).toBe(`Bearer ${tokens.accessToken}`);
    });

    it('refreshes proactively, before the token expires', async () => {
      const { strategy, tokens } = await cloudStrategy();
      emulator.advanceClock(3600 - 30);
      const response = await driver.createClient({ strategy }).send(myself);
      expect(response.status).toBe(200);
      expect(refreshes()).toHaveLength(1);
      const sent = bearerOf(emulator.requests({ path: '/rest/api/3/myself' })[0]?.headers);
      expect(sent).not.toBe(tokens.accessToken);
      expect(emulator.requests({ path: '/rest/api/3/myself' }).map((entry) => entry.status)).toEqual([200]);
    });

    it('single-flight: 1,000 concurrent requests on an expired token make exactly one token request', async () => {
      const { strategy } = await cloudStrategy();
      const client = driver.createClient({ strategy });
      // Resolve the site's cloudId first, so only the refresh is under test.
      expect((await client.send(myself)).status).toBe(200);
      emulator.advanceClock(3600 + 60);
      emulator.reset();
      const responses = await Promise.all(Array.from({ length: 1000 }, () => client.send(myself)));
      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect(tokenRequests()).toHaveLength(1);
      expect(
        new Set(emulator.requests({ path: '/rest/api/3/myself' }).map((entry) => entry.headers.authorization))
          .size,
      ).toBe(1);
    });

    it('the rotated pair is saved, and the application is told, before any request uses it', async () => {
      const events: string[] = [];
      const { strategy, tokens, store } = await cloudStrategy({
        onTokens: async (next) => {
          events.push(`saved before use: ${(await store.get(key()))?.refreshToken === next.refreshToken}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
          const used = emulator
            .requests({ path: '/myself' })
            .some((entry) => bearerOf(entry.headers) === next.accessToken);
          events.push(`used before told: ${used}`);
        },
      });
      const key = () => `jira-auth:atlassian:${app.clientId}:${DEFAULT_CLOUD_USER.accountId}`;
      emulator.advanceClock(3600);
      expect((await driver.createClient({ strategy }).send(myself)).status).toBe(200);
      const stored = await store.get(key());
      expect(stored?.refreshToken).toBeDefined();
      expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
      expect(bearerOf(emulator.requests({ path: '/myself' })[0]?.headers)).toBe(stored?.accessToken);
      expect(events).toEqual(['saved before use: true', 'used before told: false']);
    });

    it('a refresh answered without refresh_token keeps the stored one', async () => {
      const { strategy, store } = await cloudStrategy();
      const key = `jira-auth:atlassian:${app.clientId}:${DEFAULT_CLOUD_USER.accountId}`;
      emulator.advanceClock(3600);
      await driver.createClient({ strategy }).send(myself);
      const rotated = (await store.get(key))?.refreshToken;
      configure({ omitRefreshTokenTimes: 1 });
      emulator.advanceClock(3600);
      expect((await driver.createClient({ strategy }).send(myself)).status).toBe(200);
      expect((await store.get(key))?.refreshToken).toBe(rotated);
      emulator.advanceClock(3600);
      expect((await driver.createClient({ strategy }).send(myself)).status).toBe(200);
      expect(refreshes().map((entry) => entry.status)).toEqual([200, 200, 200]);
    });

    it('invalid_grant: re-reads the store once and uses the pair another process rotated', async () => {
      // No reuse interval and no family revocation: a stale refresh token is refused, the rotated pair lives.
      configure({ refreshTokenReuseInterval: 0, revokeFamilyOnReuse: false });
      const { tokens } = await authorizeCloud(emulator);
      const shared = memoryStore();
      const make = () =>
        oauth2({
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          account: DEFAULT_CLOUD_USER.accountId,
          site: emulator.urls.site,
          store: shared,
          tokens,
          endpoints: emulator.endpoints,
          now,
        });
      const [first, second] = [
        driver.createClient({ strategy: make() }),
        driver.createClient({ strategy: make() }),
      ];
      expect((await first.send(myself)).status).toBe(200);
      expect((await second.send(myself)).status).toBe(200);
      emulator.reset();
      emulator.advanceClock(3600);
      // Both "processes" hold the expired pair; the first rotates it, so the second's refresh token is refused.
      expect((await first.send(myself)).status).toBe(200);
      expect((await second.send(myself)).status).toBe(200);
      expect(refreshes().map((entry) => entry.status)).toEqual([200, 403]);
      expect(
        new Set(emulator.requests({ path: '/rest/api/3/myself' }).map((entry) => entry.headers.authorization))
          .size,
      ).toBe(1);
    });

    it('a revoked grant surfaces as a typed error that says to authorise again', async () => {
      const { strategy } = await cloudStrategy();
      emulator.auth.revokeAll(app.clientId);
      const outcome = await attempt(driver.createClient({ strategy }), myself);
      const reason = jiraAuthErrorOf(outcome.error);
      expect(RefreshFailedError.isInstance(reason)).toBe(true);
      expect((reason as RefreshFailedError).reauthorize).toBe(true);
      expect(reason?.message).toMatch(/authorise the app again/);
      expect(refreshes()).toHaveLength(1);
    });

    it('a scope mismatch is a scope error, with no refresh, and no token in the error', async () => {
      const { strategy, tokens } = await cloudStrategy({ scopes: ['read:jira-work'] });
      const outcome = await attempt(driver.createClient({ strategy }), myself);
      expect(ScopeMissingError.isInstance(jiraAuthErrorOf(outcome.error))).toBe(true);
      expectNoSecret(outcome.error, [tokens.accessToken, tokens.refreshToken as string, app.clientSecret]);
      expect(tokenRequests()).toHaveLength(0);
      if (driver.checksScopesBeforeSending) {
        expect(outcome.status).toBeUndefined();
        expect(jiraAuthErrorOf(outcome.error)?.message).toContain(
          'getCurrentUser (GET /rest/api/3/myself) needs the scope read:jira-user',
        );
        expect(emulator.requests({ path: '/myself' })).toHaveLength(0);
      } else {
        expect(outcome.status).toBe(401);
        expect(emulator.requests({ path: '/myself' })).toHaveLength(1);
      }
    });

    it('a 401 refreshes once, then replays a JSON POST', async () => {
      const { strategy } = await cloudStrategy();
      emulator.inject({
        host: 'api',
        path: `/ex/jira/${emulator.cloudId}/rest/api/3/issue`,
        status: 401,
        body: { code: 401, message: 'Unauthorized' },
      });
      const body = { fields: { project: { key: 'DEMO' }, summary: 'after refresh' } };
      const response = await driver
        .createClient({ strategy })
        .send({ method: 'POST', url: '/rest/api/3/issue', json: body });
      expect(response.status).toBe(201);
      expect(refreshes()).toHaveLength(1);
      const posts = emulator.requests({ path: '/rest/api/3/issue' });
      expect(posts.map((entry) => JSON.parse(entry.body))).toEqual([body, body]);
      expect(posts[0]?.headers.authorization).not.toBe(posts[1]?.headers.authorization);
    });

    it('a 401 refreshes once, then replays a multipart upload', async () => {
      const { strategy } = await cloudStrategy();
      emulator.inject({
        host: 'api',
        path: /\/attachments$/,
        status: 401,
        body: { code: 401, message: 'Unauthorized' },
      });
      const form = new FormData();
      form.append('file', new Blob(['replayed upload']), 'replay.txt');
      const response = await driver
        .createClient({ strategy })
        .send({ method: 'POST', url: '/rest/api/3/issue/DEMO-1/attachments', form });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject([{ filename: 'replay.txt' }]);
      const uploads = emulator.requests({ path: '/attachments' });
      expect(uploads).toHaveLength(2);
      for (const upload of uploads) {
        expect(upload.body).toContain('replayed upload');
        expect(upload.headers['x-atlassian-token']).toBe('no-check');
      }
      expect(refreshes()).toHaveLength(1);
    });

    it('a 401 on a request that carried an older token retries with the current one, without refreshing again', async () => {
      const { strategy, tokens } = await cloudStrategy();
      const client = driver.createClient({ strategy });
      const gateway = `/ex/jira/${emulator.cloudId}/rest/api/3`;
      emulator.inject({
        host: 'api',
        path: `${gateway}/serverInfo`,
        status: 401,
        body: { code: 401, message: 'Unauthorized' },
        delayMs: 300,
      });
      emulator.inject({
        host: 'api',
        path: `${gateway}/myself`,
        status: 401,
        body: { code: 401, message: 'Unauthorized' },
      });
      const slow = client.send({ method: 'GET', url: '/rest/api/3/serverInfo' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fast = await client.send(myself);
      const late = await slow;
      expect([fast.status, late.status]).toEqual([200, 200]);
      expect(refreshes()).toHaveLength(1);
      const retried = emulator.requests({ path: '/serverInfo' });
      expect(retried.map((entry) => bearerOf(entry.headers) === tokens.accessToken)).toEqual([true, false]);
    });

    it('a 401 right after a refresh does not loop', async () => {
      const { strategy } = await cloudStrategy();
      emulator.advanceClock(3600);
      emulator.inject({
        host: 'api',
        path: /\/myself$/,
        status: 401,
        body: { code: 401, message: 'Unauthorized' },
        times: 5,
      });
      const response = await driver.createClient({ strategy }).send(myself);
      expect(response.status).toBe(401);
      expect(CredentialRejectedError.isInstance(jiraAuthErrorOf(response.error))).toBe(true);
      expect(refreshes()).toHaveLength(1);
      expect(emulator.requests({ path: '/myself' })).toHaveLength(1);
    });
  });
}
