/**
 * Forge Remote: an app's own backend, called by Forge with a Forge Invocation Token (FIT), calls Jira back as the
 * app or as the user. `forgeRemote({ appId })` verifies the FIT of each incoming request (its signature against
 * Forge's published keys, its issuer, its audience, its expiry) before anything else, and gives strategies for the
 * tokens Forge sent with it, aimed at the FIT's `app.apiBaseUrl`.
 * @packageDocumentation
 * @module @jira-auth/forge-remote
 */
export { ForgeInvocationError, type ForgeInvocationReason } from './errors.js';
export {
  FORGE_ISSUER,
  FORGE_JWKS_URL,
  type ForgeInvocation,
  type ForgeInvocationClaims,
  type ForgeRemote,
  type ForgeRemoteOptions,
  forgeRemote,
  type IncomingHeaders,
} from './verify.js';
