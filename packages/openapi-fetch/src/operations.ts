/**
 * Every operation of Jira's platform and Agile (software) specs, as the middleware reads them: scopes, no-check,
 * anonymous, deprecated. A subpath of its own: the tables are large, and the client needs only a fraction of them.
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch/operations
 */
export { platformOperations } from './generated/platform-operations.js';
export { softwareOperations } from './generated/software-operations.js';
export type { OperationInfo } from './operation-info.js';
