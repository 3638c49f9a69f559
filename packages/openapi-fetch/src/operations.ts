/**
 * Every operation of Atlassian's specs as the middleware reads them (scopes, no-check, the experimental opt-in,
 * anonymous, deprecated): Jira's platform and Agile (software), Jira Service Management, Confluence v2 and v1 (their
 * paths as the clients take them: `/api/v2/...`, `/rest/api/...`, below Confluence's base). A subpath of its own: the tables are large, and the client needs only a fraction of them.
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch/operations
 */

export { confluenceOperations } from './generated/confluence-operations.js';
export { confluenceV1Operations } from './generated/confluence-v1-operations.js';
export { platformOperations } from './generated/platform-operations.js';
export { serviceDeskOperations } from './generated/service-desk-operations.js';
export { softwareOperations } from './generated/software-operations.js';
export type { OperationInfo } from './operation-info.js';
