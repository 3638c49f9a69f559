import { basicAuth, CredentialRejectedError, jiraAuthErrorOf } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';
import { basicHeader, type SuiteContext, UNICODE_USER } from './context.js';

/** Headers on the wire, and which host (site or gateway) each method calls. */
export function headerCases(context: SuiteContext): void {
  const { driver, emulator, cloud, classic, scoped, pat } = context;
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
}
