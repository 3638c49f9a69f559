import type { Client } from 'openapi-fetch';
import type { WithFormDataAttachments } from './attachments.js';
import { authenticated, type JiraClientOptions } from './authenticated.js';
import type { paths as GeneratedPlatformPaths } from './generated/platform.js';
import type { paths as SoftwarePaths } from './generated/software.js';

export type { JiraClientOptions } from './authenticated.js';

/**
 * Jira's platform paths, with one correction: `addAttachment` takes a `FormData` with a field `file` (the spec
 * says `MultipartFile[]`, which no client can send).
 */
export type PlatformPaths = WithFormDataAttachments<GeneratedPlatformPaths>;

/**
 * A typed client for Jira's platform REST API (v3), generated from Jira's own OpenAPI spec, authenticated by
 * `auth`. Paths, parameters and responses are checked by TypeScript.
 *
 * @example
 * const jira = createJiraClient({ auth: basicAuth({ site, email, apiToken }) });
 * const { data } = await jira.GET('/rest/api/3/myself');
 */
export function createJiraClient(options: JiraClientOptions): Client<PlatformPaths> {
  return authenticated<PlatformPaths>(options);
}

/** The same, for the Jira Software (Agile) REST API: boards, sprints, epics. */
export function createJiraSoftwareClient(options: JiraClientOptions): Client<SoftwarePaths> {
  return authenticated<SoftwarePaths>(options);
}
