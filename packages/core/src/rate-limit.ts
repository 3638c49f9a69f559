/**
 * Jira Cloud's rate limits as a client reads them. Jira answers 429 (and some 503s) with `Retry-After`, and sends
 * `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`, `X-RateLimit-NearLimit` and `RateLimit-Reason`.
 * @see https://developer.atlassian.com/cloud/jira/platform/rate-limiting
 */

/**
 * Why Jira limited a request: `jira-burst-based` (too many requests to one endpoint and method in a short time),
 * `jira-per-issue-on-write` (too many writes to one issue), or a reason of the points-based quotas that OAuth apps
 * have had since March 2026.
 */
export type RateLimitReason = 'jira-burst-based' | 'jira-per-issue-on-write' | (string & {});

/** What a response says about rate limits. Headers that are absent, or that cannot be read, are left out. */
export interface RateLimitReading {
  /** The request was refused for its rate: a 429, or a 503 with `Retry-After`. */
  readonly limited: boolean;
  /** How long to wait before sending again, from `Retry-After` (seconds, or an HTTP date); may be 0. */
  readonly retryAfterMs?: number;
  /** When the quota is renewed, from `X-RateLimit-Reset`. */
  readonly resetAt?: Date;
  /** The quota, from `X-RateLimit-Limit`. */
  readonly limit?: number;
  /** What is left of it, from `X-RateLimit-Remaining`. */
  readonly remaining?: number;
  /** Jira says the quota is nearly used up (`X-RateLimit-NearLimit: true`). */
  readonly nearLimit?: boolean;
  /** From `RateLimit-Reason`. */
  readonly reason?: RateLimitReason;
}

/** A response's status and headers: a fetch `Response`, or any client's (headers as `Headers` or a plain record). */
export interface ResponseLike {
  readonly status: number;
  readonly headers: Headers | Readonly<Record<string, unknown>>;
}

/**
 * Reads a response's rate-limit headers. Never throws: a header that is missing or malformed is left out of the
 * reading.
 *
 * @example
 * const reading = rateLimitOf(response);
 * if (reading.limited) console.warn(`rate limited (${reading.reason}), retry in ${reading.retryAfterMs} ms`);
 */
export function rateLimitOf(response: ResponseLike, now: number = Date.now()): RateLimitReading {
  const header = (name: string): string | undefined => {
    const { headers } = response;
    const value =
      typeof (headers as Headers).get === 'function'
        ? (headers as Headers).get(name)
        : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    const text = Array.isArray(value) ? value[0] : value;
    return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
  };
  const retryAfterMs = retryAfter(header('retry-after'), now);
  const resetAt = date(header('x-ratelimit-reset'));
  const limit = count(header('x-ratelimit-limit'));
  const remaining = count(header('x-ratelimit-remaining'));
  const nearLimit = header('x-ratelimit-nearlimit')?.toLowerCase();
  const reason = header('ratelimit-reason');
  return {
    limited: response.status === 429 || (response.status === 503 && retryAfterMs !== undefined),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(resetAt ? { resetAt } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(nearLimit === 'true' || nearLimit === 'false' ? { nearLimit: nearLimit === 'true' } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** `Retry-After`: a whole number of seconds, or an HTTP date (RFC 9110 section 10.2.3). */
function retryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** `X-RateLimit-Reset`: ISO 8601, e.g. `2026-11-29T10:15Z`. */
function date(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}

function count(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** When and how often a rate-limited request is sent again. Every field has a default. */
export interface RetryPolicy {
  /** Sends again at most this many times. @default 3 */
  retries?: number;
  /** Gives up rather than wait longer than this in all, in milliseconds. @default 60_000 */
  maxWaitMs?: number;
  /** Without `Retry-After`, the first backoff's ceiling (full jitter: a random wait up to it). @default 1000 */
  baseDelayMs?: number;
  /** Without `Retry-After`, no backoff waits longer than this. @default 30_000 */
  maxDelayMs?: number;
  /**
   * The methods sent again. A rate-limited request was not carried out, but a 503 may have been: only idempotent
   * methods are retried unless you add others. @default ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']
   */
  methods?: readonly string[];
  /** A number in [0, 1) for the jitter. @default Math.random */
  random?: () => number;
}

const IDEMPOTENT = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

/**
 * How long to wait before sending a rate-limited request again, or `undefined` to stop and hand the response on:
 * `Retry-After` when Jira sends it (0 included), otherwise exponential backoff with full jitter; never past
 * `retries` or `maxWaitMs`, never for a method the policy does not retry, and never for anything but a 429 or a
 * 503 (a 401 or 403 is not a rate limit).
 *
 * @param request its method; `attempt`, how many times it was sent again already (0 before the first retry); and
 * `waitedMs`, how long it has waited for retries so far
 *
 * @example
 * // got and ky retry on their own: give them the same delays.
 * const delay = retryDelay(rateLimitOf(response), { method: 'GET', attempt, waitedMs });
 */
export function retryDelay(
  reading: RateLimitReading,
  request: { readonly method: string; readonly attempt: number; readonly waitedMs: number },
  policy: RetryPolicy = {},
): number | undefined {
  if (!reading.limited) return undefined;
  if (!(policy.methods ?? IDEMPOTENT).includes(request.method.toUpperCase())) return undefined;
  if (request.attempt >= (policy.retries ?? 3)) return undefined;
  const ceiling = Math.min(policy.maxDelayMs ?? 30_000, (policy.baseDelayMs ?? 1000) * 2 ** request.attempt);
  const delay = reading.retryAfterMs ?? Math.floor((policy.random ?? Math.random)() * ceiling);
  return request.waitedMs + delay > (policy.maxWaitMs ?? 60_000) ? undefined : delay;
}
