/**
 * A rate limiter shared by every request of a strategy, through any adapter: `limitWith(strategy, rateLimiter())`.
 * It learns from Jira's answers and acts on each limit by its scope: after a points-quota 429 it holds every request
 * until the quota resets (or fails it at once with `failFast`); a burst 429 holds one endpoint and method; writes
 * to one issue are spaced within Jira's per-issue limits; Data Center's token bucket is kept; near-limit answers
 * spread requests out.
 * @packageDocumentation
 * @module @jira-auth/core/limiter
 */
export { QuotaExhaustedError } from './errors.js';
export {
  type IssueWriteLimit,
  JIRA_ISSUE_WRITE_LIMITS,
  type LimitedRequest,
  limitWith,
  type RateLimiter,
  type RateLimiterOptions,
  rateLimiter,
} from './rate-limiter.js';
