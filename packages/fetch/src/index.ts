/**
 * Jira authentication for plain `fetch`: the global one, undici's, or any SDK's `fetch` option. Like fetch, it
 * resolves with HTTP errors: `jiraAuthReason(response)` from `@jira-auth/core` says why jira-auth let one fail.
 * @packageDocumentation
 * @module @jira-auth/fetch
 */
export { type JiraFetchOptions, jiraFetch } from './jira-fetch.js';
