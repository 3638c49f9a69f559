/**
 * Jira authentication for ky.
 * @packageDocumentation
 * @module @jira-auth/ky
 */
export { type JiraAuthKyOptions, jiraAuth, type KyInstance } from './ky-hooks.js';
