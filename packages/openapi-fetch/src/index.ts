export {
  createJiraClient,
  createJiraSoftwareClient,
  type JiraClientOptions,
  type PlatformPaths,
  type PlatformPathsWith,
} from './client.js';
export type { components, operations, paths } from './generated/platform.js';
export type {
  components as softwareComponents,
  operations as softwareOperationTypes,
  paths as softwarePaths,
} from './generated/software.js';
export type {
  IssueFields,
  IssueUpdateWithFields,
  IssueWithFields,
  JiraComponent,
  JiraGroup,
  JiraOption,
  JiraSprint,
  JiraTeam,
  JiraUser,
  JiraVersion,
  WithIssueFields,
} from './issue-fields.js';
export {
  JIRA_PLACEHOLDER,
  type JiraAuthMiddlewareOptions,
  jiraAuthMiddleware,
} from './middleware.js';
export type { OperationInfo } from './operation-info.js';
