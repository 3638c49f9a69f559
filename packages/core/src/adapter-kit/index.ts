/**
 * The adapter kit: every decision the HTTP-client adapters share (which request gets credentials, what a 401 or
 * 403 means, whether to retry, whether a body can be replayed, where a redirect may take credentials, what to
 * scrub from errors), so that axios, got, ky, openapi-fetch, fetch and third-party adapters behave the same. An
 * adapter only translates its client's request and response into these shapes.
 * @packageDocumentation
 * @module @jira-auth/core/adapter-kit
 */

// The errors an adapter throws itself, so that an adapter needs no import from the main entry (start-up).
export { ConfigurationError, jiraAuthErrorOf, ScopeMissingError } from '../errors.js';
export {
  type RateLimitReading,
  type RetryPolicy,
  rateLimitOf,
  retryDelay,
  retryRateLimited,
  sleep,
  waitToRetry,
} from '../rate-limit.js';
export { isAbsoluteUrl, joinUrl } from '../url.js';
export {
  type AuthorizedHeaders,
  authorizeRequest,
  baseOf,
  decideOnRecord,
  decideOnResponse,
  guardRedirect,
  isMultipart,
  knownBase,
  needsDecision,
  type OutgoingRequest,
  type ResponseContext,
  type ResponseDecision,
} from './decide.js';
export { type AuthorizedFetchRequest, authorizeFetchRequest } from './fetch-request.js';
export { contentTypeHeaders, headerValue, toHeaders } from './headers.js';
export {
  aimAtBase,
  aimAtGivenUrl,
  aimAtKnownBase,
  aimRequest,
  isAimedAtPlaceholder,
  JIRA_PLACEHOLDER,
  livePlaceholder,
} from './placeholder.js';
export { jiraAuthReason, rememberReason } from './reason.js';
export {
  attachReason,
  hideProperty,
  REDACTED,
  redactHeaderRecord,
  redactRequest,
  scrubSecrets,
  secretsOf,
} from './redact.js';
export {
  bodyNotReplayable,
  copyForReplay,
  type FetchRequestCopy,
  failureReason,
  isReplayableBody,
  keepForReplay,
  reusableBody,
  type SettledFetchResponse,
  settleFetchResponse,
} from './replay.js';
