// The same 20 operations through raw openapi-fetch over the same full spec: `createClient<paths>()`, the floor
// createJiraClient is measured against.
import type { paths } from '@jira-auth/openapi-fetch';
import createClient from 'openapi-fetch';

const jira = createClient<paths>({ baseUrl: 'https://acme.atlassian.net' });
const issue = { params: { path: { issueIdOrKey: 'DEMO-1' } } };

export async function twentyOperations() {
  const me = await jira.GET('/rest/api/3/myself');
  const info = await jira.GET('/rest/api/3/serverInfo');
  const got = await jira.GET('/rest/api/3/issue/{issueIdOrKey}', issue);
  const created = await jira.POST('/rest/api/3/issue', { body: { fields: { summary: 'x' } } });
  const edited = await jira.PUT('/rest/api/3/issue/{issueIdOrKey}', {
    ...issue,
    body: { fields: { summary: 'y' } },
  });
  const removed = await jira.DELETE('/rest/api/3/issue/{issueIdOrKey}', issue);
  const comments = await jira.GET('/rest/api/3/issue/{issueIdOrKey}/comment', issue);
  const comment = await jira.POST('/rest/api/3/issue/{issueIdOrKey}/comment', { ...issue, body: {} });
  const transitions = await jira.GET('/rest/api/3/issue/{issueIdOrKey}/transitions', issue);
  const worklogs = await jira.GET('/rest/api/3/issue/{issueIdOrKey}/worklog', issue);
  const search = await jira.GET('/rest/api/3/search/jql', { params: { query: { jql: 'project = DEMO' } } });
  const projects = await jira.GET('/rest/api/3/project/search');
  const project = await jira.GET('/rest/api/3/project/{projectIdOrKey}', {
    params: { path: { projectIdOrKey: 'DEMO' } },
  });
  const fields = await jira.GET('/rest/api/3/field');
  const priorities = await jira.GET('/rest/api/3/priority');
  const statuses = await jira.GET('/rest/api/3/status');
  const types = await jira.GET('/rest/api/3/issuetype');
  const user = await jira.GET('/rest/api/3/user', { params: { query: { accountId: 'x' } } });
  const groups = await jira.GET('/rest/api/3/groups/picker');
  const filters = await jira.GET('/rest/api/3/filter/search');
  return [
    me.data?.accountId,
    info.data?.baseUrl,
    got.data?.key,
    created.data?.key,
    edited,
    removed,
    comments.data?.total,
    comment.data?.id,
    transitions.data?.transitions,
    worklogs.data?.worklogs,
    search.data?.issues,
    projects.data?.values,
    project.data?.key,
    fields.data,
    priorities.data,
    statuses.data,
    types.data,
    user.data?.accountId,
    groups.data?.groups,
    filters.data?.values,
  ];
}
