import type { Client } from 'openapi-fetch';
import type { WithFormDataAttachments } from './attachments.js';
import { authenticated, type JiraClientOptions } from './authenticated.js';
import type { paths as GeneratedPlatformPaths } from './generated/platform.js';
import type { paths as SoftwarePaths } from './generated/software.js';
import type { WithIssueFields } from './issue-fields.js';

export type { JiraClientOptions } from './authenticated.js';

/**
 * Jira's platform paths, with one correction: `addAttachment` takes a `FormData` with a field `file` (the spec
 * says `MultipartFile[]`, which no client can send).
 */
export type PlatformPaths = WithFormDataAttachments<GeneratedPlatformPaths>;

/** The platform paths with a site's custom fields in the issue operations; the paths as they are without fields. */
export type PlatformPathsWith<Fields extends object> = [keyof Fields] extends [never]
  ? PlatformPaths
  : WithIssueFields<PlatformPaths, Fields>;

/**
 * A typed client for Jira's platform REST API (v3), generated from Jira's own OpenAPI spec, authenticated by
 * `auth`. Paths, parameters and responses are checked by TypeScript. Pass the `SiteFields` that `jira-auth types`
 * generated to have get issue, search, create and edit read and take the site's custom fields by their types.
 *
 * @example
 * const jira = createJiraClient({ auth: basicAuth({ site, email, apiToken }) });
 * const { data } = await jira.GET('/rest/api/3/myself');
 *
 * const typed = createJiraClient<SiteFields>({ auth });
 * const issue = await typed.GET('/rest/api/3/issue/{issueIdOrKey}', { params: { path: { issueIdOrKey: 'DEMO-1' } } });
 * issue.data?.fields?.[site.fields.storyPoints]; // number | null | undefined
 */
export function createJiraClient<Fields extends object = Record<never, never>>(
  options: JiraClientOptions,
): Client<PlatformPathsWith<Fields>> {
  return authenticated<PlatformPathsWith<Fields>>(options);
}

/** The same, for the Jira Software (Agile) REST API: boards, sprints, epics. */
export function createJiraSoftwareClient(options: JiraClientOptions): Client<SoftwarePaths> {
  return authenticated<SoftwarePaths>(options);
}
