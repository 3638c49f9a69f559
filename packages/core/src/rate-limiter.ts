// A rate limiter shared by every request of a strategy, whatever client sends them: it learns from the answers and
// holds back requests that Jira would refuse. So far it holds for the points quotas only; burst, per-issue and
// Data Center pacing are to come (issue 31).
import { QuotaExhaustedError } from './errors.js';
import type { RateLimitReading } from './rate-limit.js';
import { sleep } from './sleep.js';
import type { AuthStrategy } from './strategy.js';

export interface RateLimiterOptions {
  /** Fail a held request at once with a `QuotaExhaustedError` instead of waiting. @default false */
  failFast?: boolean;
  /** The clock. @default Date.now */
  now?: () => number;
}

/** What a request is, to the limiter. */
export interface LimitedRequest {
  readonly method: string;
  readonly url: URL;
  readonly signal?: AbortSignal | undefined;
}

export interface RateLimiter {
  /** Resolves when the request may be sent: at once, or when a hold ends. */
  acquire(request: LimitedRequest): Promise<void>;
  /** Learns from an answer's reading. */
  learn(request: LimitedRequest, reading: RateLimitReading): void;
}

/**
 * A limiter for one strategy (attach it with {@link limitWith}); every adapter's requests with that strategy go
 * through it. After a points-quota 429 (`jira-quota-tenant-based`, `jira-quota-global-based`) every request waits
 * until the quota resets, or fails at once with `failFast`: retrying each on its own would only spend more.
 */
export function rateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  let quotaUntil = 0;
  return {
    async acquire(request) {
      const wait = quotaUntil - now();
      if (wait <= 0) return;
      if (options.failFast) {
        throw new QuotaExhaustedError(
          `the app's rate-limit quota is spent until ${new Date(quotaUntil).toISOString()}: ${request.method} ${request.url.origin}${request.url.pathname} was not sent`,
          { until: new Date(quotaUntil) },
        );
      }
      await sleep(wait, request.signal);
    },
    learn(_request, reading) {
      if (!reading.limited || (reading.scope !== 'tenant-quota' && reading.scope !== 'global-quota')) return;
      const until =
        reading.retryAfterMs !== undefined ? now() + reading.retryAfterMs : reading.resetAt?.getTime();
      if (until !== undefined) quotaUntil = Math.max(quotaUntil, until);
    },
  };
}

const limiters = new WeakMap<object, RateLimiter>();

/** Puts every request of `strategy`, through any adapter, through `limiter`. */
export function limitWith<T extends AuthStrategy>(strategy: T, limiter: RateLimiter): T {
  limiters.set(strategy, limiter);
  return strategy;
}

/** The limiter attached to a strategy, if any. */
export const limiterOf = (strategy: AuthStrategy): RateLimiter | undefined => limiters.get(strategy);
