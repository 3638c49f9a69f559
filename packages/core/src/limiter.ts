/**
 * A rate limiter shared by every request of a strategy, through any adapter: `limitWith(strategy, rateLimiter())`.
 * It learns from Jira's answers; after a points-quota 429 it holds every request until the quota resets (or fails
 * it at once with `failFast`), so that no request spends more of a quota that is gone. Pacing below the burst,
 * per-issue and Data Center limits is not here yet.
 * @packageDocumentation
 * @module @jira-auth/core/limiter
 */
export { QuotaExhaustedError } from './errors.js';
export {
  type LimitedRequest,
  limitWith,
  type RateLimiter,
  type RateLimiterOptions,
  rateLimiter,
} from './rate-limiter.js';
