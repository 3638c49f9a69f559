import { basicAuth } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiraClient } from '../src/areas.js';
import type { paths as IssueAttachments } from '../src/generated/areas/issue-attachments.js';
import type { paths as Issues } from '../src/generated/areas/issues.js';
import type { paths as Myself } from '../src/generated/areas/myself.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('createJiraClient from /areas', () => {
  it('authenticates like the whole client: the header on the wire, the no-check header on an upload', async () => {
    const jira = createJiraClient<Myself & Issues & IssueAttachments>({
      auth: basicAuth({
        site: emulator.urls.site,
        email: DEFAULT_CLOUD_USER.email,
        apiToken: DEFAULT_CLOUD_USER.classicToken as string,
      }),
    });
    const { data: me } = await jira.GET('/rest/api/3/myself');
    expect(me?.accountId).toBe(DEFAULT_CLOUD_USER.accountId);
    const { data: issue } = await jira.GET('/rest/api/3/issue/{issueIdOrKey}', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
    });
    expect(issue?.key).toBe('DEMO-1');
    const form = new FormData();
    form.append('file', new Blob(['area upload']), 'area.txt');
    const { response } = await jira.POST('/rest/api/3/issue/{issueIdOrKey}/attachments', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
      body: form,
    });
    expect(response.status).toBe(200);
    const expected = `Basic ${Buffer.from(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.classicToken}`).toString('base64')}`;
    const sent = emulator.requests({ path: '/rest/api/3/' });
    expect(sent.map((request) => request.headers.authorization)).toEqual([expected, expected, expected]);
    expect(emulator.requests({ path: '/attachments' })[0]?.headers['x-atlassian-token']).toBe('no-check');
  });
});
