/**
 * A typed Confluence client: openapi-fetch with types generated from Atlassian's Confluence specs (v2, and v1 for
 * what v2 lacks), and jira-auth middleware, on the strategy made for Jira.
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch/confluence
 */
// Without the generated types (paths, components, operations): those are Confluence's REST APIs, documented by
// Atlassian.
export { type ConfluenceClientOptions, createConfluenceClient } from '@jira-auth/openapi-fetch/confluence';
