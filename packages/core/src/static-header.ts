import { ConfigurationError, type JiraAuthError } from './errors.js';
import type { Report } from './events.js';
import { markFixed } from './recovery.js';
import { withSafeDescription } from './secret.js';
import type { AuthStrategy, StrategyKind, UnauthorizedDecision } from './strategy.js';

/**
 * A strategy whose header never changes (API tokens, passwords, PATs): computed once, and a 401 is final, with
 * the strategy's own advice.
 */
export function staticHeaderStrategy(options: {
  kind: StrategyKind;
  baseUrl: (signal?: AbortSignal) => Promise<URL>;
  header: Readonly<Record<string, string>>;
  /** The reason given when Jira answers 401. */
  rejected: () => JiraAuthError;
  /** What `String()`, `util.inspect` and `JSON.stringify` show instead of the secret. */
  description: string;
  /** The credential's `expiresAt` option, as given: reported from {@link EXPIRY_WARNING_DAYS} ahead, named on a 401. */
  expiresAt?: Date | string | number | undefined;
  report?: Report;
}): AuthStrategy {
  const { header, rejected, report } = options;
  const expiresAt = options.expiresAt === undefined ? undefined : expiryOf(options.expiresAt);
  const warn = expiresAt !== undefined && report ? dailyExpiryReport(expiresAt, report) : undefined;
  const strategy = withSafeDescription(
    {
      kind: options.kind,
      baseUrl: options.baseUrl,
      async authenticate() {
        warn?.();
        return header;
      },
      async unauthorized(): Promise<UnauthorizedDecision> {
        const error = rejected();
        if (Date.now() >= (expiresAt ?? Number.POSITIVE_INFINITY))
          error.message += ` (expired on ${new Date(expiresAt as number).toISOString().slice(0, 10)})`;
        return { retry: false, error };
      },
    },
    options.description,
  );
  markFixed(strategy);
  return strategy;
}

const DAY = 86_400_000;

/** How many days before a credential's `expiresAt` its `credential-expiring` events start. */
export const EXPIRY_WARNING_DAYS = 14;

/** `expiresAt` as ms since the epoch: a `Date`, an ISO date (`2027-03-31` is that day's start, UTC) or a number. */
function expiryOf(value: Date | string | number): number {
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) {
    throw new ConfigurationError(
      'expiresAt',
      'is not a date: pass a Date, an ISO date such as 2027-03-31, or ms since the epoch',
    );
  }
  return time;
}

/**
 * `credential-expiring`, when the strategy is used: once a day (UTC) from {@link EXPIRY_WARNING_DAYS} days before
 * `expiresAt`, and on past it, so that a long-running process hears of it too.
 */
function dailyExpiryReport(expiresAt: number, report: Report): () => void {
  let reportedOn: number | undefined;
  return () => {
    const now = Date.now();
    const today = Math.floor(now / DAY);
    const daysLeft = Math.floor((expiresAt - now) / DAY);
    if (daysLeft >= EXPIRY_WARNING_DAYS || reportedOn === today) return;
    reportedOn = today;
    report({ type: 'credential-expiring', expiresAt, daysLeft });
  };
}
