import { clientCredentials } from '@jira-auth/core';
import { DEFAULT_SERVICE_ACCOUNT } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';

import type { OAuthContext } from './oauth-context.js';

/** Service accounts (client credentials) on Cloud. */
export function serviceAccountCases(context: OAuthContext): void {
  const { driver, emulator, now, tokenRequests, myself } = context;
  describe('service account (client credentials)', () => {
    const serviceAccount = () =>
      clientCredentials({
        clientId: DEFAULT_SERVICE_ACCOUNT.clientId,
        clientSecret: DEFAULT_SERVICE_ACCOUNT.clientSecret,
        site: emulator.urls.site,
        endpoints: emulator.endpoints,
        now,
      });

    it('one token for concurrent requests, a new one before the hour runs out, the gateway by tenant_info', async () => {
      const client = driver.createClient({ strategy: serviceAccount() });
      const first = await Promise.all(Array.from({ length: 50 }, () => client.send(myself)));
      expect(first.every((response) => response.status === 200)).toBe(true);
      expect(tokenRequests()).toHaveLength(1);
      expect(JSON.parse(tokenRequests()[0]?.body ?? '{}')).toMatchObject({
        grant_type: 'client_credentials',
      });
      expect(emulator.requests({ path: '/_edge/tenant_info' })).toHaveLength(1);
      emulator.advanceClock(3600 - 30);
      expect((await client.send(myself)).status).toBe(200);
      expect(tokenRequests()).toHaveLength(2);
      expect(
        new Set(emulator.requests({ path: '/rest/api/3/myself' }).map((entry) => entry.headers.authorization))
          .size,
      ).toBe(2);
    });
  });
}
