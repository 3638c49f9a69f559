import { type AuthStrategy, basicAuth } from '@jira-auth/core';
import { describe, expect, it } from 'vitest';
import { expectNoSecret } from '../no-secret.js';
import { base64, type SuiteContext } from './context.js';

/** No secret in the errors an adapter hands back. */
export function secretCases(context: SuiteContext): void {
  const { driver, emulator, cloud, classic, pat } = context;
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
}
