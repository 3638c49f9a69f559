export {
  AuthServer,
  type AuthServerSettings,
  type BearerIdentity,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  type OAuthClient,
  pkceChallenge,
  type TokenGrantLogEntry,
} from './auth-server.js';
export {
  type CloudUser,
  type DataCenterUser,
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  Emulator,
  type EmulatorOptions,
  type HostRole,
  type Injection,
  type LoggedRequest,
  startEmulator,
} from './emulator.js';
