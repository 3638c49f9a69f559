import { describe, expect, it } from 'vitest';
import { attachmentForm, type SuiteContext } from './context.js';

/** Uploads: X-Atlassian-Token on multipart bodies. */
export function uploadCases(context: SuiteContext): void {
  const { driver, emulator, classic } = context;
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
}
