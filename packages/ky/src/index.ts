/**
 * Jira authentication for ky.
 * @packageDocumentation
 * @module @jira-auth/ky
 */
export { JIRA_PLACEHOLDER, type JiraAuthKyOptions, jiraAuth } from './ky-hooks.js';
