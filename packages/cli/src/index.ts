/**
 * Use what `jira-auth login` stored from your own code: a checkout (with its `.jira-auth.json`) plus a login is the
 * whole set-up; `loadSite()` reads what `jira-auth init` discovered (`jira-site.json`).
 * @packageDocumentation
 * @module @jira-auth/cli
 */
export type { FieldRoles, Site, SiteFile, SiteProjectView } from '@jira-auth/core/site';
export { type FromLoginOptions, fromLogin } from './from-login.js';
export { type LoadSiteOptions, loadSite } from './load-site.js';
