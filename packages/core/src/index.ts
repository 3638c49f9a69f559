/**
 * Every Jira authentication method behind one contract: strategies, OAuth flow helpers, token stores, errors and
 * `fromEnv`. Adapter authors find the shared decisions in `@jira-auth/core/adapter-kit`.
 * @packageDocumentation
 * @module @jira-auth/core
 */

export {
  type AccessTokenAuthOptions,
  accessTokenAuth,
  type ExternalToken,
  type GetTokenContext,
} from './access-token.js';
export { jiraAuthReason } from './adapter-kit/reason.js';
export { authorizationFor } from './authorization-for.js';
export {
  type BasicAuthOptions,
  basicAuth,
  type CloudBasicAuthOptions,
  type DataCenterBasicAuthOptions,
} from './basic-auth.js';
export { type BearerAuthOptions, bearerAuth } from './bearer-auth.js';
export type { AtlassianEndpoints } from './endpoints.js';
export {
  AuthorizationError,
  BodyNotReplayableError,
  CaptchaRequiredError,
  ConfigurationError,
  CredentialRejectedError,
  type ErrorResponse,
  isJiraAuthError,
  JiraAuthError,
  type JiraAuthErrorCode,
  type JiraAuthErrorOptions,
  jiraAuthErrorOf,
  LockTimeoutError,
  RefreshFailedError,
  ScopeMissingError,
  TenantLookupError,
  TokenResponseError,
  TokenStoreError,
} from './errors.js';
export { type JiraAuthEvent, type OnEvent, observe } from './events.js';
export { ENV, type FromEnvOptions, fromEnv, type ProjectFacts } from './from-env.js';
export { type ClientCredentialsOptions, clientCredentials } from './oauth/client-credentials.js';
export {
  type DataCenterAuthorizationUrlOptions,
  type DataCenterClientCredentialsOptions,
  type DataCenterClientOptions,
  type DataCenterOAuth2Options,
  dataCenterAuthorizationUrl,
  dataCenterClientCredentials,
  dataCenterOAuth2,
  exchangeDataCenterCode,
} from './oauth/data-center.js';
export {
  type AuthorizationUrlOptions,
  authorizationUrl,
  type CompleteAuthorizationOptions,
  type CompletedAuthorization,
  completeAuthorization,
  type ExchangeCodeOptions,
  exchangeCode,
  parseCallback,
} from './oauth/flow.js';
export type { TokenGrantOptions } from './oauth/grant.js';
export { type OAuth2Options, oauth2 } from './oauth/oauth2.js';
export { toTokenSet } from './oauth/token-endpoint.js';
export type { OnTokens } from './oauth/token-source.js';
export {
  type RateLimitReading,
  type RateLimitReason,
  type ResponseLike,
  type RetryPolicy,
  rateLimitOf,
  retryDelay,
} from './rate-limit.js';
export type {
  AuthRequest,
  AuthResponse,
  AuthStrategy,
  StrategyKind,
  UnauthorizedDecision,
} from './strategy.js';
export { type AccessibleResource, accessibleResources, pickSite } from './tenant-info.js';
export {
  type LockHeld,
  mayReplace,
  memoryStore,
  type SetCondition,
  sameTokenSet,
  supersededError,
  type TokenSet,
  type TokenStore,
  tokenKey,
} from './token-store.js';
