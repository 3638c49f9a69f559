/**
 * Jira authentication for ky.
 * @packageDocumentation
 * @module @jira-auth/ky
 */
export { type JiraAuthKyOptions, jiraAuth } from './ky-hooks.js';
