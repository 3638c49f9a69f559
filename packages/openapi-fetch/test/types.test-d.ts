import { basicAuth } from '@jira-auth/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createJiraClient, createJiraSoftwareClient } from '../src/index.js';

const jira = createJiraClient({
  auth: basicAuth({ site: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'token' }),
});

describe('createJiraClient types', () => {
  it('lets response types flow through', async () => {
    const { data } = await jira.GET('/rest/api/3/myself');
    expectTypeOf(data?.accountId).toEqualTypeOf<string | undefined>();
  });

  it('requires path params', async () => {
    // @ts-expect-error issueIdOrKey is required
    await jira.GET('/rest/api/3/issue/{issueIdOrKey}', {});
    await jira.GET('/rest/api/3/issue/{issueIdOrKey}', { params: { path: { issueIdOrKey: 'DEMO-1' } } });
  });

  it('rejects a wrong path or method', async () => {
    // @ts-expect-error no such path
    await jira.GET('/rest/api/3/myselfie');
    // @ts-expect-error /myself has no DELETE
    await jira.DELETE('/rest/api/3/myself');
  });

  it('takes a FormData for addAttachment', async () => {
    const form = new FormData();
    await jira.POST('/rest/api/3/issue/{issueIdOrKey}/attachments', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
      body: form,
    });
    await jira.POST('/rest/api/3/issue/{issueIdOrKey}/attachments', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
      // @ts-expect-error the spec's MultipartFile[] is not what Jira takes
      body: [],
    });
  });

  it('types the Agile API too', async () => {
    const agile = createJiraSoftwareClient({
      auth: basicAuth({ site: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 't' }),
    });
    // @ts-expect-error platform paths are not Agile paths
    await agile.GET('/rest/api/3/myself');
    await agile.GET('/rest/agile/1.0/board');
  });
});
