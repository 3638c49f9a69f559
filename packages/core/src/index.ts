/**
 * Every Jira authentication method behind one contract: the strategies, the OAuth flow, token stores, errors and
 * `fromEnv`. The types of their options are in `@jira-auth/core/types`; adapter authors find the protocol in
 * `@jira-auth/core/adapter-kit`, store authors the compare-and-set rule in `@jira-auth/core/store-kit`.
 * @packageDocumentation
 * @module @jira-auth/core
 */

export { accessTokenAuth } from './access-token.js';
export { jiraAuthReason } from './adapter-kit/reason.js';
export { authorizationFor } from './authorization-for.js';
export { basicAuth } from './basic-auth.js';
export { bearerAuth } from './bearer-auth.js';
export {
  AuthorizationError,
  BasicAuthDisabledError,
  BodyNotReplayableError,
  CaptchaRequiredError,
  ConfigurationError,
  CredentialRejectedError,
  isJiraAuthError,
  JiraAuthError,
  type JiraAuthErrorCode,
  jiraAuthErrorOf,
  LockTimeoutError,
  RefreshFailedError,
  ScopeMissingError,
  TenantLookupError,
  TokenResponseError,
  TokenStoreError,
} from './errors.js';
export { type JiraAuthEvent, observe } from './events.js';
export { ENV, fromEnv } from './from-env.js';
export { clientCredentials } from './oauth/client-credentials.js';
export {
  dataCenterAuthorizationUrl,
  dataCenterClientCredentials,
  dataCenterOAuth2,
  exchangeDataCenterCode,
} from './oauth/data-center.js';
export { authorizationUrl, completeAuthorization, exchangeCode, parseCallback } from './oauth/flow.js';
export { oauth2 } from './oauth/oauth2.js';
export { toTokenSet } from './oauth/token-endpoint.js';
export { type RetryPolicy, rateLimitOf, retryDelay } from './rate-limit.js';
export type { AuthStrategy } from './strategy.js';
export { accessibleResources, pickSite } from './tenant-info.js';
export { memoryStore, type TokenSet, type TokenStore, tokenKey } from './token-store.js';
