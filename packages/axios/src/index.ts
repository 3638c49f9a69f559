/**
 * Jira authentication for axios.
 * @packageDocumentation
 * @module @jira-auth/axios
 */
export { type JiraAuthInterceptors, withJiraAuth } from './axios-interceptors.js';
