/**
 * A local fake of Atlassian's auth server and a slice of Jira's REST API.
 * @packageDocumentation
 * @module @jira-auth/emulator
 */
export {
  AuthServer,
  type AuthServerSettings,
  type BearerIdentity,
  type GrantedTokens,
  type OAuthClient,
  pkceChallenge,
  type TokenGrantLogEntry,
} from './auth-server.js';
export { emulatorCommand } from './command.js';
export {
  type CloudUser,
  type DataCenterUser,
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  type OAuthApp,
  PRODUCT_SCOPES,
} from './defaults.js';
export {
  Emulator,
  type EmulatorOptions,
  type HostRole,
  type Injection,
  type LoggedRequest,
  startEmulator,
} from './emulator.js';
export {
  FORGE_APP_SCOPES,
  FORGE_ISSUER,
  type ForgeContext,
  ForgeEmulation,
  type ForgeInvocationOptions,
  type ForgeTokenIdentity,
} from './forge.js';
export type { DataCenterRateLimit, RateLimitRule } from './rate-limit.js';
export {
  CUSTOM_TYPES,
  type EmulatedBoard,
  type EmulatedField,
  type EmulatedIssueType,
  type EmulatedProject,
  SiteModel,
  type SiteModelOptions,
} from './site-model.js';
export type { EmulatorTls } from './tls.js';
