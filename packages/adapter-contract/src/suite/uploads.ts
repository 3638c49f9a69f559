import type { LoggedRequest } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';
import type { DriverRequest } from '../driver.js';
import { attachmentForm, type SuiteContext } from './context.js';

/** Uploads: X-Atlassian-Token on multipart bodies. */
export function uploadCases(context: SuiteContext): void {
  const { driver, emulator, classic, scoped } = context;
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

    // A body made again as a stream for the strategy's base URL goes out chunked, with no length: some proxies
    // in front of Jira refuse that, and the client would not have done it. The same bodies through the client's own
    // base URL (nothing is made again) say how the client frames them.
    it('bodies made again for the base URL go framed as the client frames them; JSON with its length', async () => {
      const requests = (): DriverRequest[] => [
        {
          method: 'POST',
          url: '/rest/api/3/issue',
          json: { fields: { project: { key: 'DEMO' }, summary: 'Framed' } },
        },
        { method: 'POST', url: '/rest/api/3/issue/DEMO-1/attachments', form: attachmentForm() },
      ];
      const framing = (entry: LoggedRequest) =>
        `${entry.path}: ${entry.headers['content-length'] ?? 'no length'}, ${entry.headers['transfer-encoding'] ?? 'not chunked'}`;
      for (const [make, baseUrl] of [
        [classic, emulator.urls.site],
        [() => scoped(), emulator.urls.gateway],
      ] as const) {
        emulator.reset();
        // Each through a new strategy, whose base URL is not known yet: every one is made again for it.
        for (const request of requests())
          expect((await driver.createClient({ strategy: make() }).send(request)).status).toBeLessThan(300);
        const own = driver.createClient({ strategy: make(), baseUrl });
        for (const request of requests()) expect((await own.send(request)).status).toBeLessThan(300);
        const sent = emulator.requests().filter((entry) => entry.method === 'POST');
        expect(sent).toHaveLength(4);
        expect(sent.slice(0, 2).map(framing)).toEqual(sent.slice(2).map(framing));
        expect(sent[0]?.headers['content-length']).toBe(String(Buffer.byteLength(sent[0]?.body ?? '')));
      }
    });
  });
}
