/**
 * Use what `jira-auth login` stored from your own code: a checkout (with its `.jira-auth.json`) plus a login is the
 * whole set-up.
 * @packageDocumentation
 * @module @jira-auth/cli
 */
export { type FromLoginOptions, fromLogin } from './from-login.js';
