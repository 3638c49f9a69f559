/**
 * A typed client for Jira Service Management Cloud (`/rest/servicedeskapi/...`), generated from Atlassian's
 * OpenAPI spec. Service Management lives under Jira's base (the site, or the gateway's `/ex/jira/{cloudId}`), so
 * the strategy made for Jira serves it as it is.
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch/service-management
 */
import type { Client } from 'openapi-fetch';
import type { WithFormData } from './attachments.js';
import { authenticated, type JiraClientOptions } from './authenticated.js';
import type { paths as GeneratedPaths } from './generated/service-desk.js';
import { noCheckOperations, optInOperations } from './generated/service-management-headers.js';
import { type ApiProfile, scopeLoader } from './middleware.js';

export type { JiraClientOptions as ServiceDeskClientOptions } from './authenticated.js';
export type { components, operations } from './generated/service-desk.js';

/**
 * Service Management's paths, with one correction: `attachTemporaryFile` takes a `FormData` with a field `file`
 * (the spec says `MultipartFile[]`, which no client can send).
 */
export type ServiceDeskPaths = WithFormData<
  GeneratedPaths,
  '/rest/servicedeskapi/servicedesk/{serviceDeskId}/attachTemporaryFile',
  'post'
>;

/** Service Management's operations: the no-check upload, the experimental methods, and their scopes. */
const SERVICE_DESK_API: ApiProfile = {
  product: 'Jira Service Management',
  noCheck: noCheckOperations,
  optIn: optInOperations,
  scopes: scopeLoader(() => import('./generated/service-management-scopes.js')),
};

/**
 * A typed Service Management client, authenticated by `options.auth` (the strategy made for Jira). The experimental
 * methods get `X-ExperimentalApi: opt-in` (Service Management answers 412 without it: calling one through this
 * client is the opt-in), and `attachTemporaryFile` gets `X-Atlassian-Token: no-check`.
 *
 * @example
 * const desk = createServiceDeskClient({ auth });
 * const { data } = await desk.GET('/rest/servicedeskapi/servicedesk');
 * await desk.POST('/rest/servicedeskapi/request', {
 *   body: { serviceDeskId: '1', requestTypeId: '10', requestFieldValues: { summary: 'Printer on fire' } },
 * });
 */
export function createServiceDeskClient(options: JiraClientOptions): Client<ServiceDeskPaths> {
  return authenticated<ServiceDeskPaths>(options, SERVICE_DESK_API);
}
