export { JIRA_PLACEHOLDER, type JiraAuthKyOptions, jiraAuth } from './ky-hooks.js';
