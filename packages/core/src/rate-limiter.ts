// A rate limiter shared by every request of a strategy, whatever client sends them: it learns from the answers and
// holds back the requests Jira would refuse, each limit by its own scope.
import { ConfigurationError, QuotaExhaustedError } from './errors.js';
import type { RateLimitReading } from './rate-limit.js';
import { sleep } from './sleep.js';
import type { AuthStrategy } from './strategy.js';

/** At most `writes` writes to one issue in any `perMs` milliseconds. */
export interface IssueWriteLimit {
  readonly writes: number;
  readonly perMs: number;
}

/** Jira Cloud's documented per-issue write limits: 20 writes in 2 seconds, 100 in 30 seconds. */
export const JIRA_ISSUE_WRITE_LIMITS: readonly IssueWriteLimit[] = [
  { writes: 20, perMs: 2_000 },
  { writes: 100, perMs: 30_000 },
];

export interface RateLimiterOptions {
  /** Fail a request held by a spent quota at once with a `QuotaExhaustedError` instead of waiting. @default false */
  failFast?: boolean;
  /**
   * The writes (POST, PUT, PATCH, DELETE) allowed to one issue: each issue's writes are spaced to stay within every
   * limit, so a batch of updates to one issue meets no `jira-per-issue-on-write` 429. `false` spaces none.
   * @default JIRA_ISSUE_WRITE_LIMITS (20 per 2 s, 100 per 30 s)
   */
  issueWrites?: readonly IssueWriteLimit[] | false;
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
  /** Resolves when the request may be sent: at once, or when what holds it ends. */
  acquire(request: LimitedRequest): Promise<void>;
  /** Learns from an answer's reading; without one, the request ended with no answer (a network error, an abort). */
  learn(request: LimitedRequest, reading?: RateLimitReading): void;
}

/** How long requests wait for the first answer before they go anyway (that answer may be slow, or never come). */
const FIRST_ANSWER_WAIT_MS = 5_000;
/** The spacing while Jira says a limit is near and gives no numbers to spread what is left over. */
const NEAR_LIMIT_SPACING_MS = 250;
/** How long a near-limit warning holds without a reset time. */
const NEAR_LIMIT_HOLD_MS = 60_000;
/** A write with no answer after this long (its client reported none) is counted as answered then. */
const UNANSWERED_MS = 60_000;

/** Data Center's token bucket as the limiter sees it: `tokens` as of `at`, `fillRate` more every `intervalMs`. */
interface Bucket {
  readonly capacity: number;
  readonly fillRate: number;
  readonly intervalMs: number;
  tokens: number;
  at: number;
}

/** A write to an issue: when it was sent, and when its answer came (Infinity while none has). */
interface Write {
  readonly sentAt: number;
  answeredAt: number;
}

/** When a write stops counting towards now: its answer, or a while after it went when no answer was reported. */
const endOf = (write: Write): number => Math.min(write.answeredAt, write.sentAt + UNANSWERED_MS);

/**
 * A limiter for one strategy (attach it with {@link limitWith}); every adapter's requests with that strategy go
 * through it, and it acts on each limit by its scope:
 * - after a points-quota 429 (`jira-quota-tenant-based`, `jira-quota-global-based`) every request waits until the
 *   quota resets, or fails at once with `failFast`: retrying each on its own would only spend more;
 * - after a `jira-burst-based` 429, requests to that endpoint with that method wait for `Retry-After`; others go;
 * - writes to one issue are spaced within `issueWrites`, and a `jira-per-issue-on-write` 429 holds that issue's;
 * - Data Center's token bucket (`X-RateLimit-FillRate`, `-Interval-Seconds`) is kept here too, so a batch is sent no
 *   faster than the bucket refills;
 * - while Jira says a limit is near (`X-RateLimit-NearLimit: true`), requests are spread over what is left of it;
 *   with none left, the quota is held as spent until its reset, as after a quota 429.
 * Until the first answer arrives, requests go one at a time: the limiter learns the limits before a batch goes out.
 * Every wait counts from when answers arrive, never from when requests left: the server counted them in between.
 */
export function rateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const issueLimits = issueWriteLimits(options.issueWrites);
  const longestWindow = Math.max(0, ...issueLimits.map((limit) => limit.perMs));
  let quotaUntil = 0;
  /** Burst holds (by method and endpoint) and per-issue holds (by issue): until when. */
  const holds = new Map<string, number>();
  /** Each issue's recent writes. */
  const writes = new Map<string, Write[]>();
  let bucket: Bucket | undefined;
  let spacingMs = 0;
  let spacingUntil = 0;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  /** Whether an answer has come; until then, when the first request went (undefined: none has). */
  let answered = false;
  let firstSentAt: number | undefined;
  /** Settled by every answer: a waiter looks again. */
  let wake = signal();

  /** How long a request to `issue` (if a write) must wait yet; 0 when it may go now. */
  const waitFor = (request: LimitedRequest, at: number, issue: string | undefined): number => {
    if (!answered && firstSentAt !== undefined) {
      if (at - firstSentAt < FIRST_ANSWER_WAIT_MS) return firstSentAt + FIRST_ANSWER_WAIT_MS - at;
      answered = true;
    }
    const endpoint = holds.get(endpointOf(request)) ?? 0;
    const issueHold = issue === undefined ? 0 : (holds.get(issue) ?? 0);
    let waits = Math.max(endpoint - at, issueHold - at, spacingUntil > at ? lastSentAt + spacingMs - at : 0);
    if (issue !== undefined) {
      // A write counts in a window from its answer (the server counted it by then); one in flight counts for now.
      const ends = (writes.get(issue) ?? []).map(endOf).sort((a, b) => a - b);
      for (const { writes: allowed, perMs } of issueLimits) {
        const inWindow = ends.filter((end) => end > at - perMs);
        // The write that must leave the window before another fits.
        const blocker = inWindow[inWindow.length - allowed];
        if (blocker !== undefined) waits = Math.max(waits, blocker + perMs - at);
      }
    }
    if (bucket) {
      refill(bucket, at);
      if (bucket.tokens < 1) waits = Math.max(waits, bucket.at + bucket.intervalMs - at);
    }
    return waits;
  };

  return {
    async acquire(request) {
      const issue = issueWritten(request);
      for (;;) {
        const at = now();
        if (quotaUntil > at) {
          if (options.failFast) {
            throw new QuotaExhaustedError(
              `the app's rate-limit quota is spent until ${new Date(quotaUntil).toISOString()}: ${request.method} ${request.url.origin}${request.url.pathname} was not sent`,
              { until: new Date(quotaUntil) },
            );
          }
          await pause(quotaUntil - at, wake.promise, request.signal);
          continue;
        }
        const wait = waitFor(request, at, issue);
        if (wait > 0) {
          await pause(wait, wake.promise, request.signal);
          continue;
        }
        // The request goes: it takes its place in every count.
        if (!answered) firstSentAt ??= at;
        if (issue !== undefined) {
          const kept = (writes.get(issue) ?? []).filter((write) => endOf(write) > at - longestWindow);
          kept.push({ sentAt: at, answeredAt: Number.POSITIVE_INFINITY });
          writes.set(issue, kept);
        }
        if (bucket) bucket.tokens -= 1;
        lastSentAt = at;
        return;
      }
    },

    learn(request, reading) {
      const at = now();
      answered = true;
      const issue = issueWritten(request);
      const write = issue === undefined ? undefined : writes.get(issue)?.find((each) => each.answeredAt > at);
      if (write) write.answeredAt = at;
      for (const [key, until] of holds) if (until <= at) holds.delete(key);
      for (const [key, list] of writes)
        if (list.every((each) => endOf(each) <= at - longestWindow)) writes.delete(key);
      const woken = wake;
      wake = signal();
      woken.settle();
      if (!reading) return;
      if (reading.fillRate !== undefined && reading.intervalSeconds !== undefined) {
        bucket = learnBucket(bucket, reading, at);
      }
      if (reading.nearLimit !== undefined && !reading.limited) {
        const resetAt = reading.resetAt?.getTime();
        // Only the points quotas send NearLimit (JRACLOUD-83791): none left means the quota is spent until its reset.
        if (reading.nearLimit && reading.remaining === 0 && resetAt !== undefined)
          quotaUntil = Math.max(quotaUntil, resetAt);
        spacingUntil = reading.nearLimit ? (resetAt ?? at + NEAR_LIMIT_HOLD_MS) : 0;
        spacingMs =
          reading.remaining !== undefined && resetAt !== undefined
            ? Math.max(0, resetAt - at) / (reading.remaining + 1)
            : NEAR_LIMIT_SPACING_MS;
      }
      if (!reading.limited) return;
      const until =
        reading.retryAfterMs !== undefined ? at + reading.retryAfterMs : reading.resetAt?.getTime();
      if (until === undefined) return;
      if (reading.scope === 'tenant-quota' || reading.scope === 'global-quota') {
        quotaUntil = Math.max(quotaUntil, until);
        return;
      }
      const key =
        reading.scope === 'burst'
          ? endpointOf(request)
          : reading.scope === 'per-issue-write'
            ? issue
            : undefined;
      if (key !== undefined) holds.set(key, Math.max(holds.get(key) ?? 0, until));
    },
  };
}

function issueWriteLimits(given: RateLimiterOptions['issueWrites']): readonly IssueWriteLimit[] {
  if (given === false) return [];
  const limits = given ?? JIRA_ISSUE_WRITE_LIMITS;
  for (const limit of limits) {
    if (!(Number.isInteger(limit.writes) && limit.writes >= 1 && limit.perMs > 0))
      throw new ConfigurationError(
        'issueWrites',
        `each limit needs writes (a whole number >= 1) and perMs (> 0), not ${JSON.stringify(limit)}`,
      );
  }
  return limits;
}

/** Data Center's bucket from a reading: learnt once (with what remains), emptied by a 429 until its refill. */
function learnBucket(bucket: Bucket | undefined, reading: RateLimitReading, at: number): Bucket {
  const fillRate = reading.fillRate as number;
  const intervalMs = (reading.intervalSeconds as number) * 1000;
  if (reading.limited) {
    // Retry-After is the time to the bucket's next refill: empty until then.
    const refillAt = at + (reading.retryAfterMs ?? intervalMs);
    const capacity = bucket?.capacity ?? reading.limit ?? fillRate;
    return { capacity, fillRate, intervalMs, tokens: 0, at: refillAt - intervalMs };
  }
  // Later answers do not raise the count: requests sent since this answer left the server are not in it.
  if (bucket) return bucket;
  const remaining = reading.remaining ?? 0;
  return {
    capacity: reading.limit ?? Math.max(remaining, fillRate),
    fillRate,
    intervalMs,
    tokens: remaining,
    at,
  };
}

/**
 * Adds the refills due by `at`. The server's refills are on its own beat, unknown here; counting whole intervals from
 * the moment the count was learnt never counts a refill the server has not made yet.
 */
function refill(bucket: Bucket, at: number): void {
  const intervals = Math.floor((at - bucket.at) / bucket.intervalMs);
  if (intervals <= 0) return;
  bucket.tokens = Math.min(bucket.capacity, bucket.tokens + intervals * bucket.fillRate);
  bucket.at += intervals * bucket.intervalMs;
}

/**
 * The endpoint a burst limit counts: the method and the path with its ids and keys (any segment with a digit) as
 * placeholders, so `GET /rest/api/3/issue/DEMO-1` and `GET /rest/api/3/issue/DEMO-2` are one endpoint, as Jira counts.
 */
function endpointOf(request: LimitedRequest): string {
  const path = request.url.pathname
    .split('/')
    .map((segment) => (/\d/.test(segment) ? '{}' : segment))
    .join('/');
  return `${request.method} ${request.url.origin}${path}`;
}

const ISSUE_PATH = /\/rest\/api\/\d+\/issue\/([A-Za-z][A-Za-z0-9_]*-\d+|\d+)(?:\/|$)/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The issue a request writes to (its key or id, with the origin), if it is a write to one issue. */
function issueWritten(request: LimitedRequest): string | undefined {
  if (!WRITES.has(request.method)) return undefined;
  const issue = ISSUE_PATH.exec(request.url.pathname)?.[1];
  return issue === undefined ? undefined : `issue ${request.url.origin} ${issue.toUpperCase()}`;
}

/** A promise and the function that settles it. */
function signal(): { readonly promise: Promise<void>; settle(): void } {
  let settle: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { promise, settle };
}

/** The longest wait a timer takes (about 24.8 days); a longer one would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms`, or until `wake` settles; rejects with the signal's reason when it aborts. */
async function pause(ms: number, wake: Promise<void>, abort?: AbortSignal): Promise<void> {
  if (abort?.aborted) throw abort.reason;
  const timer = new AbortController();
  const stop = () => timer.abort();
  abort?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([wake, sleep(Math.min(ms, LONGEST_TIMER_MS), timer.signal).catch(() => undefined)]);
  } finally {
    abort?.removeEventListener('abort', stop);
    timer.abort();
  }
  if (abort?.aborted) throw abort.reason;
}

const limiters = new WeakMap<object, RateLimiter>();

/** Puts every request of `strategy`, through any adapter, through `limiter`. */
export function limitWith<T extends AuthStrategy>(strategy: T, limiter: RateLimiter): T {
  limiters.set(strategy, limiter);
  return strategy;
}

/** Views (`forProduct`) of a strategy: without a limiter of their own they take the strategy's, whenever attached. */
const sources = new WeakMap<object, AuthStrategy>();

/** `view` is held by the limiter `strategy` has when a request goes out, unless `limitWith` gives it its own. */
export function shareLimiter(view: AuthStrategy, strategy: AuthStrategy): void {
  sources.set(view, strategy);
}

/** The limiter attached to a strategy (or to the strategy a view was made from), if any. */
export function limiterOf(strategy: AuthStrategy): RateLimiter | undefined {
  const own = limiters.get(strategy);
  if (own) return own;
  const source = sources.get(strategy);
  return source && limiters.get(source);
}
