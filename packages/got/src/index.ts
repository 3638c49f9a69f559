/**
 * Jira authentication for got.
 * @packageDocumentation
 * @module @jira-auth/got
 */
export { jiraAuth } from './got-hooks.js';
