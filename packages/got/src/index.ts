export { JIRA_PLACEHOLDER, jiraAuth } from './got-hooks.js';
