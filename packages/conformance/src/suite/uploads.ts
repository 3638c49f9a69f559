import { describe, expect, it } from 'vitest';
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
    // in front of Jira refuse that, and the client alone would not have done it.
    it('bodies go with their Content-Length, as the client alone sends them, before and after the base URL is known', async () => {
      for (const strategy of [classic(), scoped()]) {
        const client = driver.createClient({ strategy });
        for (let i = 0; i < 2; i++) {
          const json = { fields: { project: { key: 'DEMO' }, summary: `Sent with its length ${i}` } };
          expect((await client.send({ method: 'POST', url: '/rest/api/3/issue', json })).status).toBe(201);
        }
        const form = await client.send({
          method: 'POST',
          url: '/rest/api/3/issue/DEMO-1/attachments',
          form: attachmentForm(),
        });
        expect(form.status).toBe(200);
      }
      const sent = emulator.requests().filter((entry) => entry.method === 'POST');
      expect(sent.map((entry) => entry.host)).toEqual(['site', 'site', 'site', 'api', 'api', 'api']);
      for (const entry of sent) {
        expect(entry.headers['transfer-encoding']).toBeUndefined();
        expect(entry.headers['content-length']).toBe(String(Buffer.byteLength(entry.body)));
      }
    });
  });
}
