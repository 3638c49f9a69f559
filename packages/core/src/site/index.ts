/**
 * What `jira-auth init` discovered on a site (`jira-site.json`), in code: field ids by name and by role, projects and
 * their issue types, with errors that name near matches. Node-free: it runs wherever the rest of core runs.
 * @packageDocumentation
 * @module @jira-auth/core/site
 */
export {
  compareFieldIds,
  type FieldRole,
  type FieldRoles,
  ROLE_RULES,
  rolesOf,
  SITE_FORMAT_VERSION,
  SITE_SCHEMA_URL,
  type SiteBoard,
  type SiteDiscovery,
  type SiteField,
  type SiteFieldSchema,
  type SiteFile,
  type SiteGap,
  type SiteIssueType,
  type SiteLinkType,
  type SiteNamed,
  type SitePart,
  type SiteProject,
  type SiteStatus,
} from './format.js';
export { nearMatches, type Site, SiteLookupError, type SiteProjectView, siteFrom } from './site.js';
