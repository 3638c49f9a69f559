/**
 * Jira authentication for axios.
 * @packageDocumentation
 * @module @jira-auth/axios
 */
export { type JiraAuthInterceptors, type JiraAuthOptions, withJiraAuth } from './axios-interceptors.js';
