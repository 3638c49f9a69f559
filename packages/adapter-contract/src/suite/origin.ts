import { describe, expect, it } from 'vitest';
import { basicHeader, type SuiteContext } from './context.js';

/** Credentials stay on the strategy origin: other hosts, redirects, other ports and schemes. */
export function originCases(context: SuiteContext): void {
  const { driver, emulator, cloud, classic } = context;
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
}
