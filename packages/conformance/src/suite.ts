import {
  type AuthStrategy,
  basicAuth,
  bearerAuth,
  CaptchaRequiredError,
  CredentialRejectedError,
  jiraAuthErrorOf,
  ScopeMissingError,
} from '@jira-auth/core';
import { type CloudUser, DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConformanceDriver } from './driver.js';
import { expectNoSecret } from './no-secret.js';
import { oauthCases } from './oauth-suite.js';

/** Base64 of the UTF-8 bytes, as a Basic header carries them. */
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const UNICODE_USER: CloudUser = {
  accountId: '712020:unicode',
  email: 'jörg.müller@exämple.com',
  displayName: 'Jörg Müller',
  classicToken: 'tökën-ÄÖÜß-日本語-0123456789',
};

const basicHeader = (user: string, secret: string) => `Basic ${base64(`${user}:${secret}`)}`;

/** A strategy that always asks for a retry: proves the adapter's own limit of one retry. */
function alwaysRetry(baseUrl: string, token: string) {
  const calls = { unauthorized: 0 };
  const strategy: AuthStrategy = {
    kind: 'bearer',
    baseUrl: async () => new URL(baseUrl),
    authenticate: async () => ({ authorization: `Bearer ${token}` }),
    unauthorized: async () => {
      calls.unauthorized += 1;
      return { retry: true };
    },
  };
  return { strategy, calls };
}

function attachmentForm(): FormData {
  const form = new FormData();
  form.append('file', new Blob(['hello from jira-auth'], { type: 'text/plain' }), 'hello.txt');
  return form;
}

/**
 * The behaviour every adapter must show, end to end against the emulator's real HTTP servers.
 * Register it in a test file: `runConformanceSuite(axiosDriver(axios))`.
 */
export function runConformanceSuite(driver: ConformanceDriver): void {
  describe(`conformance: ${driver.name}`, () => {
    const emulator = new Emulator({ cloudUsers: [DEFAULT_CLOUD_USER, UNICODE_USER] });
    const cloud = {
      email: DEFAULT_CLOUD_USER.email,
      classic: DEFAULT_CLOUD_USER.classicToken as string,
      scoped: DEFAULT_CLOUD_USER.scopedToken as string,
    };
    const classic = () =>
      basicAuth({ site: emulator.urls.site, email: cloud.email, apiToken: cloud.classic });
    const scoped = (extra: { cloudId?: string } = {}) =>
      basicAuth({
        site: emulator.urls.site,
        email: cloud.email,
        apiToken: cloud.scoped,
        scoped: true,
        endpoints: emulator.endpoints,
        ...extra,
      });
    const pat = (token = DEFAULT_DC_USER.pat as string) =>
      bearerAuth({ baseUrl: emulator.urls.dataCenter, token });

    beforeAll(async () => {
      await emulator.start();
    });
    afterAll(async () => {
      await emulator.close();
    });
    beforeEach(() => {
      emulator.reset();
    });

    describe('headers on the wire', () => {
      it('classic API token: Basic email:token to the site', async () => {
        const client = driver.createClient({ strategy: classic() });
        const response = await client.send({ method: 'GET', url: '/rest/api/3/myself' });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ accountId: DEFAULT_CLOUD_USER.accountId });
        const [seen] = emulator.requests({ path: '/rest/api/3/myself' });
        expect(seen?.host).toBe('site');
        expect(seen?.headers.authorization).toBe(basicHeader(cloud.email, cloud.classic));
      });

      it('non-ASCII email and token are encoded as UTF-8', async () => {
        const strategy = basicAuth({
          site: emulator.urls.site,
          email: UNICODE_USER.email,
          apiToken: UNICODE_USER.classicToken as string,
        });
        const response = await driver
          .createClient({ strategy })
          .send({ method: 'GET', url: '/rest/api/3/myself' });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ displayName: 'Jörg Müller' });
      });

      it('Data Center PAT: Bearer to the base URL with its context path', async () => {
        const response = await driver
          .createClient({ strategy: pat() })
          .send({ method: 'GET', url: '/rest/api/2/myself' });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ name: DEFAULT_DC_USER.username });
        const [seen] = emulator.requests({ host: 'dc' });
        expect(seen?.path).toBe('/jira/rest/api/2/myself');
        expect(seen?.headers.authorization).toBe(`Bearer ${DEFAULT_DC_USER.pat}`);
      });

      it('Data Center username and password: Basic', async () => {
        const strategy = basicAuth({
          baseUrl: emulator.urls.dataCenter,
          username: DEFAULT_DC_USER.username,
          password: DEFAULT_DC_USER.password,
        });
        const response = await driver
          .createClient({ strategy })
          .send({ method: 'GET', url: '/rest/api/2/myself' });
        expect(response.status).toBe(200);
        expect(emulator.requests({ host: 'dc' })[0]?.headers.authorization).toBe(
          basicHeader(DEFAULT_DC_USER.username, DEFAULT_DC_USER.password),
        );
      });

      it("the client's own base URL works the same as the strategy's", async () => {
        const client = driver.createClient({ strategy: classic(), baseUrl: emulator.urls.site });
        expect((await client.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(200);
        const absolute = driver.createClient({ strategy: classic() });
        expect(
          (await absolute.send({ method: 'GET', url: `${emulator.urls.site}/rest/api/3/myself` })).status,
        ).toBe(200);
        expect(emulator.requests({ path: '/myself' }).map((entry) => entry.headers.authorization)).toEqual([
          basicHeader(cloud.email, cloud.classic),
          basicHeader(cloud.email, cloud.classic),
        ]);
      });
    });

    describe('site or gateway', () => {
      it('a scoped token goes through the gateway, with the cloudId looked up once', async () => {
        const client = driver.createClient({ strategy: scoped() });
        for (let i = 0; i < 3; i++) {
          const response = await client.send({ method: 'GET', url: '/rest/api/3/myself' });
          expect(response.status).toBe(200);
        }
        expect(emulator.requests({ path: '/_edge/tenant_info' })).toHaveLength(1);
        const calls = emulator.requests({ path: '/rest/api/3/myself' });
        expect(calls.map((entry) => [entry.host, entry.path])).toEqual(
          Array(3).fill(['api', `/ex/jira/${emulator.cloudId}/rest/api/3/myself`]),
        );
        expect(calls[0]?.headers.authorization).toBe(basicHeader(cloud.email, cloud.scoped));
      });

      it('a given cloudId skips the lookup', async () => {
        const client = driver.createClient({ strategy: scoped({ cloudId: emulator.cloudId }) });
        expect((await client.send({ method: 'GET', url: '/rest/api/3/myself' })).status).toBe(200);
        expect(emulator.requests({ path: '/_edge/tenant_info' })).toHaveLength(0);
      });

      it('a scoped token sent to the site is rejected with a hint to set scoped: true', async () => {
        const strategy = basicAuth({ site: emulator.urls.site, email: cloud.email, apiToken: cloud.scoped });
        const response = await driver
          .createClient({ strategy })
          .send({ method: 'GET', url: '/rest/api/3/myself' });
        expect(response.status).toBe(401);
        const reason = jiraAuthErrorOf(response.error);
        expect(CredentialRejectedError.isInstance(reason)).toBe(true);
        expect(reason?.message).toContain('scoped: true');
        expect(emulator.requests({ path: '/myself' })).toHaveLength(1);
      });

      it('a classic token is rejected by the gateway', async () => {
        const strategy = basicAuth({
          site: emulator.urls.site,
          email: cloud.email,
          apiToken: cloud.classic,
          scoped: true,
          endpoints: emulator.endpoints,
        });
        const response = await driver
          .createClient({ strategy })
          .send({ method: 'GET', url: '/rest/api/3/myself' });
        expect(response.status).toBe(401);
        expect(jiraAuthErrorOf(response.error)?.message).toContain('drop scoped: true');
      });
    });

    describe('credentials stay on the strategy origin', () => {
      it('no credentials to a foreign origin', async () => {
        const client = driver.createClient({ strategy: classic() });
        const response = await client.send({
          method: 'GET',
          url: `${emulator.urls.foreign}/__emulator/echo`,
        });
        expect(response.status).toBe(200);
        const [seen] = emulator.requests({ host: 'foreign' });
        expect(seen?.headers.authorization).toBeUndefined();
        expect(seen?.headers['x-atlassian-token']).toBeUndefined();
      });

      it('no credentials to a foreign origin, even from a client whose base URL is that origin', async () => {
        const client = driver.createClient({ strategy: classic(), baseUrl: emulator.urls.foreign });
        await client.send({ method: 'GET', url: '/__emulator/echo' });
        expect(emulator.requests({ host: 'foreign' })[0]?.headers.authorization).toBeUndefined();
      });

      it('no credentials across a redirect to another host', async () => {
        const target = `${emulator.urls.foreign}/__emulator/echo`;
        const client = driver.createClient({ strategy: classic() });
        const response = await client.send({
          method: 'GET',
          url: `/__emulator/redirect?to=${encodeURIComponent(target)}`,
        });
        expect(response.status).toBe(200);
        expect(emulator.requests({ host: 'site' })[0]?.headers.authorization).toBe(
          basicHeader(cloud.email, cloud.classic),
        );
        const [landed] = emulator.requests({ host: 'foreign' });
        expect(landed).toBeDefined();
        expect(landed?.headers.authorization).toBeUndefined();
      });

      it('credentials kept across a redirect on the same origin', async () => {
        const client = driver.createClient({ strategy: classic() });
        const response = await client.send({
          method: 'GET',
          url: `/__emulator/redirect?to=${encodeURIComponent(`${emulator.urls.site}/rest/api/3/myself`)}`,
        });
        expect(response.status).toBe(200);
        expect(emulator.requests({ path: '/myself' })[0]?.headers.authorization).toBe(
          basicHeader(cloud.email, cloud.classic),
        );
      });
    });

    describe('uploads', () => {
      it('multipart uploads carry X-Atlassian-Token: no-check', async () => {
        const client = driver.createClient({ strategy: classic() });
        const response = await client.send({
          method: 'POST',
          url: '/rest/api/3/issue/DEMO-1/attachments',
          form: attachmentForm(),
        });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject([{ filename: 'hello.txt', size: 20 }]);
        expect(emulator.requests({ path: '/attachments' })[0]?.headers['x-atlassian-token']).toBe('no-check');
      });

      it('JSON requests do not', async () => {
        const client = driver.createClient({ strategy: classic() });
        const response = await client.send({
          method: 'POST',
          url: '/rest/api/3/issue',
          json: { fields: { project: { key: 'DEMO' }, summary: 'Created by the conformance suite' } },
        });
        expect(response.status).toBe(201);
        expect(
          emulator.requests({ path: '/rest/api/3/issue' })[0]?.headers['x-atlassian-token'],
        ).toBeUndefined();
      });
    });

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
        await driver
          .createClient({ strategy })
          .send({ method: 'POST', url: '/rest/api/2/issue', json: body });
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

    oauthCases(driver, emulator);

    describe('errors carry no secret', () => {
      const cases: [string, () => { strategy: AuthStrategy; secrets: string[]; url: string }][] = [
        [
          'API token',
          () => {
            const apiToken = 'ATATT-leak-canary-classic-9f8e7d';
            return {
              strategy: basicAuth({ site: emulator.urls.site, email: cloud.email, apiToken }),
              secrets: [apiToken, base64(`${cloud.email}:${apiToken}`)],
              url: '/rest/api/3/myself',
            };
          },
        ],
        [
          'personal access token',
          () => {
            const token = 'leak-canary-pat-5a4b3c2d1e';
            return { strategy: pat(token), secrets: [token], url: '/rest/api/2/myself' };
          },
        ],
      ];
      for (const [name, make] of cases) {
        it(`a failed request with a wrong ${name}`, async () => {
          const { strategy, secrets, url } = make();
          const response = await driver.createClient({ strategy }).send({ method: 'GET', url });
          expect(response.status).toBe(401);
          expect(response.error).toBeDefined();
          expectNoSecret(response.error, secrets);
        });
        it(`a retried request with a wrong ${name}`, async () => {
          const { strategy, secrets, url } = make();
          const retrying: AuthStrategy = { ...strategy, unauthorized: async () => ({ retry: true }) };
          const response = await driver
            .createClient({ strategy: retrying })
            .send({ method: 'POST', url, json: {} });
          expect(response.status).toBe(401);
          expectNoSecret(response.error, secrets);
        });
      }

      it('a server error after a good request', async () => {
        emulator.inject({ host: 'site', status: 500, body: { errorMessages: ['boom'], errors: {} } });
        const response = await driver
          .createClient({ strategy: classic() })
          .send({ method: 'GET', url: '/rest/api/3/myself' });
        expect(response.status).toBe(500);
        expectNoSecret(response.error, [cloud.classic, base64(`${cloud.email}:${cloud.classic}`)]);
      });
    });
  });
}
