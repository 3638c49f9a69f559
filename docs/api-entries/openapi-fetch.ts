/**
 * A typed Jira client: openapi-fetch with types generated from Jira's own OpenAPI spec, and jira-auth middleware.
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch
 */
// The typed client's API without the generated Jira types (paths, components, operations): those are Jira's
// whole REST API and are documented by Atlassian.
export {
  createJiraClient,
  createJiraSoftwareClient,
  type IssueFields,
  type IssueUpdateWithFields,
  type IssueWithFields,
  JIRA_PLACEHOLDER,
  type JiraAuthMiddlewareOptions,
  type JiraClientOptions,
  type JiraComponent,
  type JiraGroup,
  type JiraOption,
  type JiraSprint,
  type JiraTeam,
  type JiraUser,
  type JiraVersion,
  jiraAuthMiddleware,
  jiraAuthReason,
  type OperationInfo,
  type PlatformPathsWith,
  type WithIssueFields,
} from '@jira-auth/openapi-fetch';
