export type { AuthRequest, AuthResponse, AuthStrategy, StrategyKind, UnauthorizedDecision } from './strategy.js';
export {
  BodyNotReplayableError,
  CaptchaRequiredError,
  ConfigurationError,
  CredentialRejectedError,
  type ErrorResponse,
  isJiraAuthError,
  JiraAuthError,
  type JiraAuthErrorCode,
  type JiraAuthErrorOptions,
  RefreshFailedError,
  ScopeMissingError,
  TenantLookupError,
} from './errors.js';
export { basicAuth, type BasicAuthOptions, type CloudBasicAuthOptions, type DataCenterBasicAuthOptions } from './basic-auth.js';
export { bearerAuth, type BearerAuthOptions } from './bearer-auth.js';
export { ENV, fromEnv, type FromEnvOptions } from './from-env.js';
export type { AtlassianEndpoints } from './endpoints.js';
export { utf8ToBase64 } from './base64.js';
// The adapter kit: what @jira-auth/axios, got, ky and openapi-fetch share. Public so third-party adapters behave the same.
export {
  type AuthorizedHeaders,
  authorizeRequest,
  decideOnResponse,
  isMultipart,
  isStrategyOrigin,
  jiraAuthErrorOf,
  scrubSecrets,
  joinUrl,
  type OutgoingRequest,
  REDACTED,
  redactHeaderRecord,
  redactRawHead,
  type ResponseContext,
  type ResponseDecision,
} from './adapter-kit.js';
