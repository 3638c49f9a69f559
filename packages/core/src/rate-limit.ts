/**
 * Jira's rate limits as a client reads them: every header family Cloud and Data Center send.
 * - `Retry-After` (seconds or an HTTP date; also on some 503s), `X-RateLimit-Limit`, `-Remaining`, `-Reset` (ISO
 *   8601), `-NearLimit`, and `RateLimit-Reason`.
 * - The points-based quotas' structured headers (the IETF RateLimit draft's form): `RateLimit-Policy:
 *   "tenant-app-quota";q=100100;w=3600` and `RateLimit: "tenant-app-quota";r=0;t=2788`.
 * - The shadow headers Atlassian sends for limits it measures but does not enforce yet: `Beta-Retry-After`,
 *   `X-Beta-RateLimit-NearLimit`, `-Reason`, `-Reset`, `Beta-RateLimit-Policy` and `Beta-RateLimit`.
 * - Data Center's (8.6+): `X-RateLimit-Interval-Seconds` and `X-RateLimit-FillRate` beside limit and remaining.
 * @see https://developer.atlassian.com/cloud/jira/platform/rate-limiting
 * @see https://confluence.atlassian.com/doc/_ratelimiting_httpheaders-992678779.html
 */

/**
 * Why Jira limited a request: `jira-burst-based` (too many requests to one endpoint and method in a short time),
 * `jira-per-issue-on-write` (too many writes to one issue), `jira-quota-tenant-based` and `jira-quota-global-based`
 * (the hourly points of OAuth, Forge and Connect apps, since March 2026), or a value Jira adds later.
 */
export type RateLimitReason =
  | 'jira-burst-based'
  | 'jira-per-issue-on-write'
  | 'jira-quota-tenant-based'
  | 'jira-quota-global-based'
  | (string & {});

/**
 * What a limit applies to, from its reason, which says how to respond:
 * - `tenant-quota` and `global-quota`: every request of the app (on this site, or on every site) fails until the
 *   quota resets; retrying makes it worse.
 * - `burst`: one endpoint and method, for seconds.
 * - `per-issue-write`: writes to one issue.
 */
export type RateLimitScope = 'tenant-quota' | 'global-quota' | 'burst' | 'per-issue-write';

/** A quota policy from `RateLimit-Policy`: its name, how many units it allows, and over how many seconds. */
export interface RateLimitPolicy {
  readonly name: string;
  readonly quota: number;
  readonly windowSeconds: number;
}

/** What a response says about rate limits. Headers that are absent, or that cannot be read, are left out. */
export interface RateLimitReading {
  /** The request was refused for its rate: a 429, or a 503 with `Retry-After`. */
  readonly limited: boolean;
  /** How long to wait before sending again, from `Retry-After` (seconds, or an HTTP date); may be 0. */
  readonly retryAfterMs?: number;
  /** When the quota is renewed, from `X-RateLimit-Reset`, else the `t` of `RateLimit`. */
  readonly resetAt?: Date;
  /** The quota, from `X-RateLimit-Limit`, else the `q` of `RateLimit-Policy`. */
  readonly limit?: number;
  /** What is left of it, from `X-RateLimit-Remaining`, else the `r` of `RateLimit`. */
  readonly remaining?: number;
  /** Jira says the quota is nearly used up (`X-RateLimit-NearLimit: true`). */
  readonly nearLimit?: boolean;
  /** From `RateLimit-Reason`. */
  readonly reason?: RateLimitReason;
  /** What the limit applies to, from the reason. */
  readonly scope?: RateLimitScope;
  /** From `RateLimit-Policy`. */
  readonly policy?: RateLimitPolicy;
  /** Data Center: the seconds between refills of the token bucket, from `X-RateLimit-Interval-Seconds`. */
  readonly intervalSeconds?: number;
  /** Data Center: the requests added to the bucket each interval, from `X-RateLimit-FillRate`. */
  readonly fillRate?: number;
  /**
   * The shadow headers (`Beta-*`, `X-Beta-*`): what a limit Atlassian measures but does not enforce yet would have
   * said. Never a reason to wait on its own; a sign of what is coming.
   */
  readonly beta?: Omit<RateLimitReading, 'limited' | 'beta' | 'intervalSeconds' | 'fillRate'>;
}

/** A response's status and headers: a fetch `Response`, or any client's (headers as `Headers` or a plain record). */
export interface ResponseLike {
  readonly status: number;
  readonly headers: Headers | Readonly<Record<string, unknown>>;
}

/**
 * Which scope each reason has. `jira-quota-based` and `jira-cost-based` are the names the quotas had before 2026
 * (UNCONFIRMED that `jira-cost-based` was per tenant: Atlassian's pages of the time do not say; per tenant is the
 * narrower reading, so a caller waits for no more than one site).
 */
const SCOPES: Readonly<Record<string, RateLimitScope>> = {
  'jira-quota-tenant-based': 'tenant-quota',
  'jira-quota-based': 'tenant-quota',
  'jira-cost-based': 'tenant-quota',
  'jira-quota-global-based': 'global-quota',
  'jira-burst-based': 'burst',
  'jira-per-issue-on-write': 'per-issue-write',
};

/**
 * Reads a response's rate-limit headers, every family above. Never throws: a header that is missing or malformed
 * is left out of the reading.
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
  const beta = reading(
    {
      retryAfter: retryAfter(header('beta-retry-after'), now),
      reset: header('x-beta-ratelimit-reset'),
      nearLimit: header('x-beta-ratelimit-nearlimit'),
      reason: header('x-beta-ratelimit-reason'),
      policy: header('beta-ratelimit-policy'),
      state: header('beta-ratelimit'),
    },
    now,
  );
  const fillRate = count(header('x-ratelimit-fillrate'));
  const intervalSeconds = count(header('x-ratelimit-interval-seconds'));
  return {
    limited: response.status === 429 || (response.status === 503 && retryAfterMs !== undefined),
    ...reading(
      {
        retryAfter: retryAfterMs,
        reset: header('x-ratelimit-reset'),
        limit: header('x-ratelimit-limit'),
        remaining: header('x-ratelimit-remaining'),
        nearLimit: header('x-ratelimit-nearlimit'),
        reason: header('ratelimit-reason'),
        policy: header('ratelimit-policy'),
        state: header('ratelimit'),
      },
      now,
    ),
    ...(intervalSeconds !== undefined ? { intervalSeconds } : {}),
    ...(fillRate !== undefined ? { fillRate } : {}),
    ...(Object.keys(beta).length > 0 ? { beta } : {}),
  };
}

/** One family's headers (the enforced ones, or the shadow ones) as a reading. */
function reading(
  raw: {
    retryAfter: number | undefined;
    reset: string | undefined;
    limit?: string | undefined;
    remaining?: string | undefined;
    nearLimit: string | undefined;
    reason: string | undefined;
    policy: string | undefined;
    state: string | undefined;
  },
  now: number,
): Omit<RateLimitReading, 'limited'> {
  // The structured headers name their policy; the first of each list is the one that applies.
  const [policyItem] = structuredList(raw.policy);
  const [stateItem] = structuredList(raw.state);
  const quota = count(policyItem?.params.q);
  const window = count(policyItem?.params.w);
  const policy =
    policyItem && quota !== undefined && window !== undefined
      ? { name: policyItem.name, quota, windowSeconds: window }
      : undefined;
  const left = count(stateItem?.params.r);
  const resetIn = count(stateItem?.params.t);
  const resetAt = date(raw.reset) ?? (resetIn === undefined ? undefined : new Date(now + resetIn * 1000));
  const limit = count(raw.limit) ?? policy?.quota;
  const remaining = count(raw.remaining) ?? left;
  const nearLimit = raw.nearLimit?.toLowerCase();
  const scope = raw.reason === undefined ? undefined : SCOPES[raw.reason];
  return {
    ...(raw.retryAfter !== undefined ? { retryAfterMs: raw.retryAfter } : {}),
    ...(resetAt ? { resetAt } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(nearLimit === 'true' || nearLimit === 'false' ? { nearLimit: nearLimit === 'true' } : {}),
    ...(raw.reason ? { reason: raw.reason } : {}),
    ...(scope ? { scope } : {}),
    ...(policy ? { policy } : {}),
  };
}

/** A member of a structured-field list: its bare item (a string or a token) and its parameters, as text. */
interface StructuredItem {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The members of a structured-field list (RFC 9651) as the RateLimit draft writes them: each a string or a token
 * with `;key=value` parameters (integers, tokens or strings; a key alone is `?1`, true). The list ends at the first
 * member that is not of that shape: past a malformed member, its boundaries cannot be trusted.
 */
function structuredList(value: string | undefined): StructuredItem[] {
  const items: StructuredItem[] = [];
  for (const member of value === undefined ? [] : splitOutsideQuotes(value, ',')) {
    const [head = '', ...rest] = splitOutsideQuotes(member, ';');
    const name = bareItem(head);
    if (name === undefined) break;
    const params: Record<string, string> = {};
    for (const param of rest) {
      const equals = param.indexOf('=');
      const key = (equals < 0 ? param : param.slice(0, equals)).trim();
      const item = equals < 0 ? '?1' : bareItem(param.slice(equals + 1));
      if (!/^[a-z*][a-z0-9_.*-]*$/.test(key) || item === undefined) return items;
      params[key] = item;
    }
    items.push({ name, params });
  }
  return items;
}

/** `text` split at `separator`, except inside a quoted string (where `\"` and `\\` are escapes). */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    if (quoted && character === '\\') {
      current += character + (text[++index] ?? '');
    } else if (character === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      if (character === '"') quoted = !quoted;
      current += character;
    }
  }
  parts.push(current);
  return parts;
}

/** A bare item: a quoted string (unescaped), a token or an integer, as text; undefined for anything else. */
function bareItem(text: string): string | undefined {
  const item = text.trim();
  if (/^"(?:[^"\\]|\\["\\])*"$/.test(item)) return item.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return /^(?:[A-Za-z*][\w:/!#$%&'*+.^`|~-]*|-?\d{1,15})$/.test(item) ? item : undefined;
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
