// A site's generated field types in the typed client: read and written by their types in get issue, search, create
// and edit; a wrong type does not compile. (The generated file itself is proven in packages/cli's tests.)
import { basicAuth } from '@jira-auth/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createJiraClient, type JiraOption, type JiraSprint } from '../src/index.js';

/** What `jira-auth types` writes for a site whose Story Points are customfield_12000. */
interface SiteFields {
  customfield_12000?: number | null;
  customfield_12002?: JiraSprint[] | null;
  customfield_12010?: JiraOption | null;
}
const roles = { storyPoints: 'customfield_12000', sprint: 'customfield_12002' } as const;
const auth = basicAuth({ site: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 'token' });
const jira = createJiraClient<SiteFields>({ auth });
const path = { params: { path: { issueIdOrKey: 'DEMO-1' } } };

describe('createJiraClient<SiteFields>', () => {
  it('get issue reads custom fields by their types, by id or by role', async () => {
    const { data } = await jira.GET('/rest/api/3/issue/{issueIdOrKey}', path);
    expectTypeOf(data?.fields?.customfield_12000).toEqualTypeOf<number | null | undefined>();
    expectTypeOf(data?.fields?.[roles.sprint]).toEqualTypeOf<JiraSprint[] | null | undefined>();
    expectTypeOf(data?.fields?.summary).toEqualTypeOf<unknown>();
    expectTypeOf(data?.key).toEqualTypeOf<string | undefined>();
  });

  it('search gives issues with the same fields', async () => {
    const { data } = await jira.GET('/rest/api/3/search/jql', {
      params: { query: { jql: 'project = DEMO' } },
    });
    expectTypeOf(data?.issues?.[0]?.fields?.[roles.storyPoints]).toEqualTypeOf<number | null | undefined>();
    const posted = await jira.POST('/rest/api/3/search/jql', {
      body: { jql: 'project = DEMO', maxResults: 50 },
    });
    expectTypeOf(posted.data?.nextPageToken).toEqualTypeOf<string | undefined>();
    expectTypeOf(posted.data?.issues?.[0]?.fields?.customfield_12010).toEqualTypeOf<
      JiraOption | null | undefined
    >();
  });

  it('create and edit take the fields by their types, and refuse a wrong one', async () => {
    await jira.POST('/rest/api/3/issue', {
      body: { fields: { summary: 'x', project: { key: 'DEMO' }, [roles.storyPoints]: 5 } },
    });
    await jira.PUT('/rest/api/3/issue/{issueIdOrKey}', {
      ...path,
      body: { fields: { customfield_12000: null } },
    });
    await jira.POST('/rest/api/3/issue', {
      // @ts-expect-error story points are a number
      body: { fields: { summary: 'x', [roles.storyPoints]: '5' } },
    });
    await jira.PUT('/rest/api/3/issue/{issueIdOrKey}', {
      ...path,
      // @ts-expect-error a select takes an option, not its value
      body: { fields: { customfield_12010: 'High' } },
    });
    // `update` keeps its own type beside the typed fields.
    await jira.PUT('/rest/api/3/issue/{issueIdOrKey}', {
      ...path,
      body: { update: { labels: [{ add: 'triaged' }] } },
    });
  });

  it('without field types, the client is as it was', async () => {
    const plain = createJiraClient({ auth });
    const { data } = await plain.GET('/rest/api/3/issue/{issueIdOrKey}', path);
    expectTypeOf(data?.fields).toEqualTypeOf<{ [key: string]: unknown } | undefined>();
  });
});
