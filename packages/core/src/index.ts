// The adapter kit: what @jira-auth/axios, got, ky and openapi-fetch share. Public so third-party adapters behave the same.
export {
  type AuthorizedHeaders,
  authorizeRequest,
  decideOnResponse,
  isMultipart,
  isStrategyOrigin,
  jiraAuthErrorOf,
  joinUrl,
  type OutgoingRequest,
  REDACTED,
  type ResponseContext,
  type ResponseDecision,
  redactHeaderRecord,
  redactRawHead,
  scrubSecrets,
} from './adapter-kit.js';
export { utf8ToBase64 } from './base64.js';
export {
  type BasicAuthOptions,
  basicAuth,
  type CloudBasicAuthOptions,
  type DataCenterBasicAuthOptions,
} from './basic-auth.js';
export { type BearerAuthOptions, bearerAuth } from './bearer-auth.js';
export type { AtlassianEndpoints } from './endpoints.js';
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
export { ENV, type FromEnvOptions, fromEnv } from './from-env.js';
export type {
  AuthRequest,
  AuthResponse,
  AuthStrategy,
  StrategyKind,
  UnauthorizedDecision,
} from './strategy.js';
