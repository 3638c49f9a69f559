import {
  BasicAuthDisabledError,
  basicAuth,
  bearerAuth,
  CaptchaRequiredError,
  CredentialRejectedError,
  type JiraAuthEvent,
  jiraAuthErrorOf,
  observe,
  ScopeMissingError,
} from '@jira-auth/core';
import { DEFAULT_DC_USER } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';
import { alwaysRetry, attachmentForm, type SuiteContext } from './context.js';

/** What 401, 403 and 429 mean: one retry when the strategy can recover, typed reasons otherwise. */
export function statusCases(context: SuiteContext): void {
  const { driver, emulator, cloud } = context;
  describe('401, 403 and 429', () => {
    it('a rejected API token is not retried, and the 401 carries the reason', async () => {
      const strategy = basicAuth({
        site: emulator.urls.site,
        email: cloud.email,
        apiToken: 'ATATT-wrong-token-123456',
      });
      const response = await driver
        .createClient({ strategy })
        .send({ method: 'GET', url: '/rest/api/3/myself' });
      expect(response.status).toBe(401);
      expect(response.error).toBeDefined();
      expect(CredentialRejectedError.isInstance(jiraAuthErrorOf(response.error))).toBe(true);
      expect(emulator.requests({ path: '/myself' })).toHaveLength(1);
    });

    it('one retry at most, even when the strategy always asks for one', async () => {
      const { strategy, calls } = alwaysRetry(emulator.urls.dataCenter, 'not-a-valid-pat-0000');
      const response = await driver
        .createClient({ strategy })
        .send({ method: 'GET', url: '/rest/api/2/myself' });
      expect(response.status).toBe(401);
      expect(emulator.requests({ host: 'dc' })).toHaveLength(2);
      expect(calls.unauthorized).toBe(1);
    });

    it('the one retry replays a JSON body', async () => {
      const { strategy } = alwaysRetry(emulator.urls.dataCenter, 'not-a-valid-pat-0000');
      const body = { fields: { project: { key: 'DEMO' }, summary: 'replayed' } };
      await driver.createClient({ strategy }).send({ method: 'POST', url: '/rest/api/2/issue', json: body });
      const sent = emulator.requests({ host: 'dc' });
      expect(sent).toHaveLength(2);
      expect(sent.map((entry) => JSON.parse(entry.body))).toEqual([body, body]);
    });

    it('the one retry replays a multipart body, with its header', async () => {
      const { strategy } = alwaysRetry(emulator.urls.dataCenter, 'not-a-valid-pat-0000');
      await driver
        .createClient({ strategy })
        .send({ method: 'POST', url: '/rest/api/2/issue/DEMO-1/attachments', form: attachmentForm() });
      const sent = emulator.requests({ host: 'dc' });
      expect(sent).toHaveLength(2);
      for (const entry of sent) {
        expect(entry.body).toContain('hello from jira-auth');
        expect(entry.headers['x-atlassian-token']).toBe('no-check');
      }
    });

    it('403 is passed on: no refresh, no retry', async () => {
      const { strategy, calls } = alwaysRetry(emulator.urls.dataCenter, DEFAULT_DC_USER.pat as string);
      emulator.inject({ host: 'dc', status: 403, body: { errorMessages: ['Forbidden'], errors: {} } });
      const response = await driver
        .createClient({ strategy })
        .send({ method: 'GET', url: '/rest/api/2/myself' });
      expect(response.status).toBe(403);
      expect(calls.unauthorized).toBe(0);
      expect(emulator.requests({ host: 'dc' })).toHaveLength(1);
    });

    it('429 is passed on with Retry-After: no refresh, no retry by the auth layer', async () => {
      const { strategy, calls } = alwaysRetry(emulator.urls.dataCenter, DEFAULT_DC_USER.pat as string);
      emulator.inject({
        host: 'dc',
        status: 429,
        headers: { 'retry-after': '7', 'x-ratelimit-remaining': '0' },
        body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
      });
      const response = await driver
        .createClient({ strategy })
        .send({ method: 'GET', url: '/rest/api/2/myself' });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(calls.unauthorized).toBe(0);
      expect(emulator.requests({ host: 'dc' })).toHaveLength(1);
    });

    it('every 429 is reported once as rate-limited, with its reading, though nothing sends it again', async () => {
      const events: JiraAuthEvent[] = [];
      // A strategy that can recover from a 401 (adapters keep a copy of such requests) and one that cannot.
      const recovering = alwaysRetry(emulator.urls.dataCenter, DEFAULT_DC_USER.pat as string).strategy;
      const fixed = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
      for (const strategy of [recovering, fixed]) observe(strategy, (event) => events.push(event));
      // Data Center's token bucket, as Jira 8.6+ answers when it is empty.
      emulator.inject({
        host: 'dc',
        status: 429,
        headers: {
          'retry-after': '1',
          'x-ratelimit-limit': '10',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-interval-seconds': '1',
          'x-ratelimit-fillrate': '5',
        },
        times: 2,
      });
      for (const strategy of [recovering, fixed]) {
        const response = await driver
          .createClient({ strategy })
          .send({ method: 'GET', url: '/rest/api/2/myself?expand=groups' });
        expect(response.status).toBe(429);
      }
      const event = {
        type: 'rate-limited',
        strategy: 'bearer',
        method: 'GET',
        url: `${emulator.urls.dataCenter}/rest/api/2/myself`,
        reading: {
          limited: true,
          retryAfterMs: 1000,
          limit: 10,
          remaining: 0,
          intervalSeconds: 1,
          fillRate: 5,
        },
        retryInMs: undefined,
      };
      expect(events).toEqual([event, event]);
      expect(emulator.requests({ host: 'dc' })).toHaveLength(2);
    });

    it('scope mismatch 401 is a scope error, never a refresh', async () => {
      const { strategy, calls } = alwaysRetry(emulator.urls.gateway, 'token-without-scope-000');
      emulator.inject({
        host: 'api',
        status: 401,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      });
      const response = await driver
        .createClient({ strategy })
        .send({ method: 'GET', url: '/rest/api/3/myself' });
      expect(response.status).toBe(401);
      expect(ScopeMissingError.isInstance(jiraAuthErrorOf(response.error))).toBe(true);
      expect(calls.unauthorized).toBe(0);
      expect(emulator.requests({ host: 'api' })).toHaveLength(1);
    });

    it('Data Center CAPTCHA: a typed error after repeated failed logins, no retry', async () => {
      const strategy = basicAuth({
        baseUrl: emulator.urls.dataCenter,
        username: DEFAULT_DC_USER.username,
        password: 'wrong-password',
      });
      const client = driver.createClient({ strategy });
      for (let i = 0; i < emulator.captchaAfter; i++) {
        expect((await client.send({ method: 'GET', url: '/rest/api/2/myself' })).status).toBe(401);
      }
      const blocked = await client.send({ method: 'GET', url: '/rest/api/2/myself' });
      expect(blocked.status).toBe(403);
      const reason = jiraAuthErrorOf(blocked.error);
      expect(CaptchaRequiredError.isInstance(reason)).toBe(true);
      expect((reason as CaptchaRequiredError).loginUrl).toBe(`${emulator.urls.dataCenter}/login.jsp`);
      expect(emulator.requests({ host: 'dc' })).toHaveLength(emulator.captchaAfter + 1);
    });

    it('Data Center with Basic disabled: a typed reason with advice, no retry; a PAT and the allowlist still work', async () => {
      emulator.dataCenterBasicAuth({ blockRequests: true, allowedPaths: ['/rest/agile/*'] });
      const password = basicAuth({
        baseUrl: emulator.urls.dataCenter,
        username: DEFAULT_DC_USER.username,
        password: DEFAULT_DC_USER.password,
      });
      const client = driver.createClient({ strategy: password });
      const refused = await client.send({ method: 'GET', url: '/rest/api/2/myself' });
      expect(refused.status).toBe(403);
      const reason = jiraAuthErrorOf(refused.error);
      expect(BasicAuthDisabledError.isInstance(reason)).toBe(true);
      expect(reason?.message).toMatch(/personal access token \(bearerAuth\), or ask an admin to allowlist/);
      expect(reason?.message).not.toContain(DEFAULT_DC_USER.password);
      expect(emulator.requests({ host: 'dc' })).toHaveLength(1);
      // An allowlisted path takes the password; a personal access token is not Basic.
      expect((await client.send({ method: 'GET', url: '/rest/agile/1.0/board' })).status).toBe(200);
      const pat = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
      expect(
        (await driver.createClient({ strategy: pat }).send({ method: 'GET', url: '/rest/api/2/myself' }))
          .status,
      ).toBe(200);
    });

    it('anonymous endpoints answer 200 to bad credentials: only /myself verifies them', async () => {
      const strategy = basicAuth({
        site: emulator.urls.site,
        email: cloud.email,
        apiToken: 'ATATT-wrong-token-123456',
      });
      const client = driver.createClient({ strategy });
      expect((await client.send({ method: 'GET', url: '/rest/api/3/serverInfo' })).status).toBe(200);
      expect((await client.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(401);
    });
  });
}
