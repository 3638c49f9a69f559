import { type EmulatedRequest, type EmulatedResponse, json } from './http.js';

/**
 * A rate limit the emulator enforces on Jira Cloud's REST API (the site and the gateway), the way Jira reports
 * one: a 429 (or 503) with `Retry-After`, `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` and
 * `RateLimit-Reason`; allowed answers carry the limit and what remains of it, and a quota's `X-RateLimit-NearLimit:
 * true` once less than a fifth remains (only cost-based limiting sends NearLimit: JRACLOUD-83791). Counted on the
 * emulator's clock, in fixed windows.
 * UNCONFIRMED: Jira does not publish its limits or windows, nor whether every limiter sends every header (some do
 * not send NearLimit); the numbers here are the test's. The points quotas' structured headers are sent in the `Beta-`
 * form a production log of March 2026 shows (`Beta-RateLimit-Policy: "tenant-app-quota";q=100100;w=3600`,
 * `Beta-RateLimit: "tenant-app-quota";r=0;t=2788`); UNCONFIRMED whether Jira sends them unprefixed by now, and
 * every request counts one point here, where Jira weighs requests by their cost.
 * @see https://developer.atlassian.com/cloud/jira/platform/rate-limiting
 */
export interface RateLimitRule {
  /**
   * `jira-burst-based`: requests to one endpoint (method and path) in a window. `jira-per-issue-on-write`: writes
   * (POST, PUT, DELETE) to one issue in a window; other requests pass. `jira-quota-tenant-based` and
   * `jira-quota-global-based`: every request counts against one quota (the points of an app, hourly by default),
   * and once it is spent every request is refused until the window ends.
   */
  reason:
    | 'jira-burst-based'
    | 'jira-per-issue-on-write'
    | 'jira-quota-tenant-based'
    | 'jira-quota-global-based';
  /** Requests allowed per window. */
  limit: number;
  /** The window, in seconds. @default 60 (3600 for a quota) */
  windowSeconds?: number;
  /** The `Retry-After` sent, in seconds; `null` sends none. @default the seconds left in the window, rounded up */
  retryAfter?: number | null;
  /** 429, or 503 (an overloaded service that also sends `Retry-After`). @default 429 */
  status?: 429 | 503;
  /** Only requests whose path starts with this string or matches this pattern count (and are refused). */
  path?: string | RegExp;
  /**
   * Only requests with these credentials count: `api-token` (Basic, an email and API token), `app` (Bearer: OAuth
   * 2.0 apps, service accounts), or `any`. Atlassian's points quotas apply to apps only ("API token-based traffic is
   * not affected"), and API tokens have had limits of their own since 22 November 2025, numbers unpublished: a rule
   * with `credentials: 'api-token'` plays those. UNCONFIRMED which `RateLimit-Reason` an API-token limit sends; the
   * rule's own reason is sent.
   * @default 'any'
   */
  credentials?: 'any' | 'api-token' | 'app';
}

const ISSUE_WRITE = /^\/(?:ex\/jira\/[^/]+\/)?rest\/api\/\d+\/issue\/([^/]+)/;

/** The rules in force and their counts. */
export class RateLimiter {
  readonly #rules: RateLimitRule[] = [];
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number) {}

  add(rule: RateLimitRule): void {
    if (!Number.isInteger(rule.limit) || rule.limit < 0) {
      throw new TypeError(
        `[@jira-auth/emulator] rateLimit: limit must be a whole number >= 0, not ${rule.limit}`,
      );
    }
    this.#rules.push(rule);
  }

  clear(): void {
    this.#rules.length = 0;
    this.#windows.clear();
  }

  /** Counts the request; answers for Jira when a rule refuses it, and gives the headers to add when none does. */
  check(request: EmulatedRequest): { refused?: EmulatedResponse; headers: Record<string, string> } {
    let headers: Record<string, string> = {};
    for (const [index, rule] of this.#rules.entries()) {
      const key = this.#key(rule, request);
      if (key === undefined) continue;
      const now = this.now();
      const quota = rule.reason.startsWith('jira-quota-');
      const windowSeconds = rule.windowSeconds ?? (quota ? 3600 : 60);
      const windowMs = windowSeconds * 1000;
      const entry = this.#windows.get(`${index} ${key}`);
      const window = entry && now - entry.start < windowMs ? entry : { start: now, count: 0 };
      this.#windows.set(`${index} ${key}`, window);
      const resetAt = window.start + windowMs;
      const secondsLeft = Math.max(1, Math.ceil((resetAt - now) / 1000));
      /** A quota's structured headers, for what remains of it. */
      const structured = (remaining: number): Record<string, string> =>
        quota
          ? {
              'beta-ratelimit-policy': `"tenant-app-quota";q=${rule.limit};w=${windowSeconds}`,
              'beta-ratelimit': `"tenant-app-quota";r=${remaining};t=${secondsLeft}`,
            }
          : {};
      const common = {
        'x-ratelimit-limit': String(rule.limit),
        // ISO 8601 to the minute, as Jira sends it (yyyy-MM-ddTHH:mmZ), rounded up so it is never early.
        'x-ratelimit-reset': `${new Date(Math.ceil(resetAt / 60_000) * 60_000).toISOString().slice(0, 16)}Z`,
      };
      if (window.count >= rule.limit) {
        const retryAfter = rule.retryAfter === undefined ? secondsLeft : rule.retryAfter;
        return {
          refused: json(
            rule.status ?? 429,
            { message: 'Rate limit exceeded.' },
            {
              ...common,
              ...structured(0),
              'x-ratelimit-remaining': '0',
              'ratelimit-reason': rule.reason,
              ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
            },
          ),
          headers: {},
        };
      }
      window.count += 1;
      const remaining = rule.limit - window.count;
      headers = {
        ...headers,
        ...common,
        ...structured(remaining),
        'x-ratelimit-remaining': String(remaining),
        // Only the points quotas (cost-based limiting) send NearLimit (JRACLOUD-83791).
        ...(quota && remaining < rule.limit / 5 ? { 'x-ratelimit-nearlimit': 'true' } : {}),
      };
    }
    return { headers };
  }

  #key(rule: RateLimitRule, request: EmulatedRequest): string | undefined {
    if (rule.path !== undefined && !pathMatches(rule.path, request.path)) return undefined;
    const credentials = rule.credentials ?? 'any';
    if (credentials !== 'any' && credentialsOf(request) !== credentials) return undefined;
    if (rule.reason === 'jira-burst-based') return `${request.method} ${request.path}`;
    if (rule.reason.startsWith('jira-quota-')) return 'quota';
    const issue = ISSUE_WRITE.exec(request.path)?.[1];
    return issue && ['POST', 'PUT', 'DELETE'].includes(request.method) ? `issue ${issue}` : undefined;
  }
}

function pathMatches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? path.startsWith(pattern) : pattern.test(path);
}

function credentialsOf(request: EmulatedRequest): 'api-token' | 'app' | undefined {
  const authorization = String(request.headers.authorization ?? '');
  if (/^basic /i.test(authorization)) return 'api-token';
  return /^bearer /i.test(authorization) ? 'app' : undefined;
}

/**
 * Jira Data Center's rate limiting (8.6+), as the emulator plays it: a token bucket that holds `capacity` requests
 * and gains `fillRate` of them every `intervalSeconds`. Each answer carries `X-RateLimit-Limit` (the capacity),
 * `X-RateLimit-Remaining`, `X-RateLimit-Interval-Seconds` and `X-RateLimit-FillRate`; an empty bucket answers 429
 * with `Retry-After` (the seconds to the next refill) and the HTML page Tomcat sends, not JSON.
 * UNCONFIRMED: Jira keeps a bucket per user; the emulator keeps one for every request to the Data Center host.
 * @see https://confluence.atlassian.com/doc/_ratelimiting_httpheaders-992678779.html
 */
export interface DataCenterRateLimit {
  /** Requests the bucket holds, full at the start. */
  capacity: number;
  /** Requests added every interval, up to the capacity. */
  fillRate: number;
  /** @default 1 */
  intervalSeconds?: number;
}

const TOMCAT_429 =
  '<!doctype html><html lang="en"><head><title>HTTP Status 429 – Too Many Requests</title></head><body><h1>HTTP Status 429 – Too Many Requests</h1></body></html>';

export class TokenBucket {
  #tokens: number;
  #filledAt: number;

  constructor(
    private readonly rule: DataCenterRateLimit,
    private readonly now: () => number,
  ) {
    for (const name of ['capacity', 'fillRate'] as const) {
      if (!Number.isInteger(rule[name]) || rule[name] < 1)
        throw new TypeError(
          `[@jira-auth/emulator] dataCenterRateLimit: ${name} must be a whole number >= 1, not ${rule[name]}`,
        );
    }
    this.#tokens = rule.capacity;
    this.#filledAt = now();
  }

  /** Takes a token for the request, or answers for Jira when there is none; the headers to add when there is. */
  check(): { refused?: EmulatedResponse; headers: Record<string, string> } {
    const { capacity, fillRate } = this.rule;
    const intervalMs = (this.rule.intervalSeconds ?? 1) * 1000;
    const now = this.now();
    const intervals = Math.floor((now - this.#filledAt) / intervalMs);
    if (intervals > 0) {
      this.#tokens = Math.min(capacity, this.#tokens + intervals * fillRate);
      this.#filledAt += intervals * intervalMs;
    }
    const common = {
      'x-ratelimit-limit': String(capacity),
      'x-ratelimit-interval-seconds': String(intervalMs / 1000),
      'x-ratelimit-fillrate': String(fillRate),
    };
    if (this.#tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((this.#filledAt + intervalMs - now) / 1000));
      return {
        refused: {
          status: 429,
          headers: {
            ...common,
            'x-ratelimit-remaining': '0',
            'retry-after': String(retryAfter),
            'content-type': 'text/html;charset=utf-8',
          },
          body: TOMCAT_429,
        },
        headers: {},
      };
    }
    this.#tokens -= 1;
    return { headers: { ...common, 'x-ratelimit-remaining': String(this.#tokens) } };
  }
}
