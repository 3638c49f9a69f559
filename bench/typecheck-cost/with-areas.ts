// The same 20 operations through the per-area entry points: createJiraClient over the paths of the 14 areas (spec
// tags) the program uses, never the whole spec.
import { basicAuth } from '@jira-auth/core';
import { createJiraClient } from '@jira-auth/openapi-fetch/areas';
import type { paths as Filters } from '@jira-auth/openapi-fetch/areas/filters';
import type { paths as Groups } from '@jira-auth/openapi-fetch/areas/groups';
import type { paths as IssueComments } from '@jira-auth/openapi-fetch/areas/issue-comments';
import type { paths as IssueFields } from '@jira-auth/openapi-fetch/areas/issue-fields';
import type { paths as IssuePriorities } from '@jira-auth/openapi-fetch/areas/issue-priorities';
import type { paths as IssueSearch } from '@jira-auth/openapi-fetch/areas/issue-search';
import type { paths as IssueTypes } from '@jira-auth/openapi-fetch/areas/issue-types';
import type { paths as IssueWorklogs } from '@jira-auth/openapi-fetch/areas/issue-worklogs';
import type { paths as Issues } from '@jira-auth/openapi-fetch/areas/issues';
import type { paths as Myself } from '@jira-auth/openapi-fetch/areas/myself';
import type { paths as Projects } from '@jira-auth/openapi-fetch/areas/projects';
import type { paths as ServerInfo } from '@jira-auth/openapi-fetch/areas/server-info';
import type { paths as Users } from '@jira-auth/openapi-fetch/areas/users';
import type { paths as WorkflowStatuses } from '@jira-auth/openapi-fetch/areas/workflow-statuses';

type Areas = Myself &
  ServerInfo &
  Issues &
  IssueComments &
  IssueWorklogs &
  IssueSearch &
  Projects &
  IssueFields &
  IssuePriorities &
  WorkflowStatuses &
  IssueTypes &
  Users &
  Groups &
  Filters;

const jira = createJiraClient<Areas>({
  auth: basicAuth({ site: 'https://acme.atlassian.net', email: 'a@b.c', apiToken: 't' }),
});
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
