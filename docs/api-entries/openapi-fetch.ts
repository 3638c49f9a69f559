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
  JIRA_PLACEHOLDER,
  type JiraAuthMiddlewareOptions,
  type JiraClientOptions,
  jiraAuthMiddleware,
  jiraAuthReason,
  type OperationInfo,
} from '@jira-auth/openapi-fetch';
