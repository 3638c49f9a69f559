/**
 * The types behind the main entry's functions: each factory's options, the shapes a callback receives, and what
 * strategy and store authors implement. Types only: importing this entry loads nothing.
 * @packageDocumentation
 * @module @jira-auth/core/types
 */

export type { AccessTokenAuthOptions, ExternalToken, GetTokenContext } from './access-token.js';
export type {
  BasicAuthOptions,
  CloudBasicAuthOptions,
  DataCenterBasicAuthOptions,
} from './basic-auth.js';
export type { BearerAuthOptions } from './bearer-auth.js';
export type { AtlassianEndpoints } from './endpoints.js';
export type { ErrorResponse, JiraAuthErrorOptions } from './errors.js';
export type { OnEvent } from './events.js';
export type { FromEnvOptions, ProjectFacts } from './from-env.js';
export type { ClientCredentialsOptions } from './oauth/client-credentials.js';
export type {
  DataCenterAuthorizationUrlOptions,
  DataCenterClientCredentialsOptions,
  DataCenterClientOptions,
  DataCenterOAuth2Options,
} from './oauth/data-center.js';
export type {
  AuthorizationUrlOptions,
  CompleteAuthorizationOptions,
  CompletedAuthorization,
  ExchangeCodeOptions,
} from './oauth/flow.js';
export type { TokenGrantOptions } from './oauth/grant.js';
export type { OAuth2Options } from './oauth/oauth2.js';
export type { OnTokens } from './oauth/token-source.js';
export type { RateLimitReading, RateLimitReason, ResponseLike } from './rate-limit.js';
export type { AuthRequest, AuthResponse, StrategyKind, UnauthorizedDecision } from './strategy.js';
export type { AccessibleResource } from './tenant-info.js';
export type { LockHeld, SetCondition } from './token-store.js';
