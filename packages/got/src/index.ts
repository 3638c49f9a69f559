/**
 * Jira authentication for got.
 * @packageDocumentation
 * @module @jira-auth/got
 */
export { JIRA_PLACEHOLDER, jiraAuth } from './got-hooks.js';
