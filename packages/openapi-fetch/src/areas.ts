/**
 * The typed client by area, for programs that want their editor and `tsc` to read only the parts of Jira's API they
 * use: `createJiraClient<Paths>()` takes the `paths` of one area (`@jira-auth/openapi-fetch/areas/issues`, `.../search`,
 * `.../projects`, ...) or of several joined with `&`, and checks calls against those alone. At run time it is the
 * same client as `createJiraClient` from the package's main entry.
 *
 * @example
 * import { createJiraClient } from '@jira-auth/openapi-fetch/areas';
 * import type { paths as Issues } from '@jira-auth/openapi-fetch/areas/issues';
 * import type { paths as Search } from '@jira-auth/openapi-fetch/areas/search';
 *
 * const jira = createJiraClient<Issues & Search>({ auth });
 * const { data } = await jira.GET('/rest/api/3/issue/{issueIdOrKey}', { params: { path: { issueIdOrKey: 'DEMO-1' } } });
 * @packageDocumentation
 * @module @jira-auth/openapi-fetch/areas
 */
import type { Client } from 'openapi-fetch';
import { authenticated, type JiraClientOptions } from './authenticated.js';

export type { JiraClientOptions } from './authenticated.js';
export {
  JIRA_PLACEHOLDER,
  type JiraAuthMiddlewareOptions,
  jiraAuthMiddleware,
} from './middleware.js';

/**
 * A typed Jira client over the areas in `Paths`, authenticated by `options.auth`. Name the areas: without a type
 * argument no path type-checks.
 */
export function createJiraClient<Paths extends {}>(options: JiraClientOptions): Client<Paths> {
  return authenticated<Paths>(options);
}
