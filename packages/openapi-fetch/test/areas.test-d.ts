import { basicAuth } from '@jira-auth/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createJiraClient } from '../src/areas.js';
import type { paths as IssueAttachments } from '../src/generated/areas/issue-attachments.js';
import type { paths as IssueSearch } from '../src/generated/areas/issue-search.js';
import type { paths as Issues } from '../src/generated/areas/issues.js';
import type { paths as Myself } from '../src/generated/areas/myself.js';

const auth = basicAuth({ site: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'token' });

describe('createJiraClient from /areas', () => {
  it('checks calls against the areas it is given, and only those', async () => {
    const jira = createJiraClient<Issues & IssueSearch>({ auth });
    const { data } = await jira.GET('/rest/api/3/issue/{issueIdOrKey}', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
    });
    expectTypeOf(data?.key).toEqualTypeOf<string | undefined>();
    await jira.GET('/rest/api/3/search/jql', { params: { query: { jql: 'project = DEMO' } } });
    // @ts-expect-error issueIdOrKey is required
    await jira.GET('/rest/api/3/issue/{issueIdOrKey}', {});
    // @ts-expect-error /myself is in the Myself area, which this client was not given
    await jira.GET('/rest/api/3/myself');
  });

  it('types responses as the whole client does', async () => {
    const jira = createJiraClient<Myself>({ auth });
    const { data } = await jira.GET('/rest/api/3/myself');
    expectTypeOf(data?.accountId).toEqualTypeOf<string | undefined>();
  });

  it('takes a FormData for addAttachment in its area', async () => {
    const jira = createJiraClient<IssueAttachments>({ auth });
    await jira.POST('/rest/api/3/issue/{issueIdOrKey}/attachments', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
      body: new FormData(),
    });
    await jira.POST('/rest/api/3/issue/{issueIdOrKey}/attachments', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
      // @ts-expect-error the spec's MultipartFile[] is not what Jira takes
      body: [],
    });
  });
});
