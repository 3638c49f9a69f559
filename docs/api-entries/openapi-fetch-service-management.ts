/**
 * A typed Jira Service Management client: openapi-fetch with types generated from Atlassian's Service Management
 * spec, and jira-auth middleware, on the strategy made for Jira.
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch/service-management
 */
// Without the generated types (paths, components, operations): those are Service Management's REST API,
// documented by Atlassian.
export {
  createServiceDeskClient,
  type ServiceDeskClientOptions,
} from '@jira-auth/openapi-fetch/service-management';
