/**
 * A typed client for Confluence Cloud, generated from Atlassian's OpenAPI specs: the v2 API (`/api/v2/...`) and
 * v1 for what v2 lacks, such as search by CQL (`/rest/api/search`), in one client. Paths are relative to
 * Confluence's base, which the strategy's view for Confluence gives (`forProduct(auth, 'confluence')`): `<site>/wiki`
 * for a classic API token, `https://api.atlassian.com/ex/confluence/{cloudId}/wiki` on the gateway. The same
 * strategy serves Jira, with one token renewal for both.
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch/confluence
 */
import { forProduct } from '@jira-auth/core/products';
import type { Client } from 'openapi-fetch';
import type { WithFormData } from './attachments.js';
import { authenticated, type JiraClientOptions } from './authenticated.js';
import type { paths as V2Paths } from './generated/confluence.js';
import { noCheckOperations, optInOperations } from './generated/confluence-headers.js';
import type { paths as GeneratedV1Paths } from './generated/confluence-v1.js';
import { type ApiProfile, scopeLoader } from './middleware.js';

export type { JiraClientOptions as ConfluenceClientOptions } from './authenticated.js';
export type { components, operations } from './generated/confluence.js';
export type {
  components as v1Components,
  operations as v1Operations,
} from './generated/confluence-v1.js';

/** v1's paths, with its attachment uploads taking a `FormData` (fields `file`, and `comment`, `minorEdit`). */
export type ConfluenceV1Paths = WithFormData<
  WithFormData<GeneratedV1Paths, '/rest/api/content/{id}/child/attachment', 'post' | 'put'>,
  '/rest/api/content/{id}/child/attachment/{attachmentId}/data',
  'post'
>;

/** Confluence's paths: v2 (`/api/v2/...`) and v1 (`/rest/api/...`). */
export type ConfluencePaths = V2Paths & ConfluenceV1Paths;

/** Confluence's operations: `X-Atlassian-Token: no-check` on uploads and watches, and the scopes of v2 and v1. */
const CONFLUENCE_API: ApiProfile = {
  product: 'Confluence',
  noCheck: noCheckOperations,
  optIn: optInOperations,
  scopes: scopeLoader(() => import('./generated/confluence-scopes.js')),
};

/**
 * A typed Confluence client, authenticated by `options.auth`: any Cloud strategy made for Jira (or its Confluence
 * view). v2 takes granular scopes only (`read:page:confluence`); an OAuth token without an operation's scopes fails
 * with `ScopeMissingError` before the request. Uploads get `X-Atlassian-Token: no-check` (v1's docs spell it
 * `nocheck`; `no-check` is what Confluence accepts).
 *
 * @example
 * const auth = oauth2({ clientId, clientSecret, cloudId, tokens });
 * const confluence = createConfluenceClient({ auth });
 * const { data } = await confluence.GET('/api/v2/pages', { params: { query: { limit: 10 } } });
 * const found = await confluence.GET('/rest/api/search', { params: { query: { cql: 'type = page' } } });
 */
export function createConfluenceClient(options: JiraClientOptions): Client<ConfluencePaths> {
  return authenticated<ConfluencePaths>(
    { ...options, auth: forProduct(options.auth, 'confluence') },
    CONFLUENCE_API,
  );
}
