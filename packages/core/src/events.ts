import type { JiraAuthErrorCode } from './errors.js';
import type { RateLimitReading } from './rate-limit.js';
import type { AuthStrategy, StrategyKind } from './strategy.js';

/**
 * What jira-auth did, as structured events for logs, metrics and traces. No event ever holds a secret: no token,
 * password or header value; URLs are given without their query.
 */
export type JiraAuthEvent =
  /**
   * A token was renewed (or first obtained) and saved; or, with `adopted`, another process had renewed it and this
   * one took the pair from the shared store. Counting the events without `adopted` counts this process's token
   * requests.
   */
  | {
      readonly type: 'token-renewed';
      readonly strategy: StrategyKind;
      /** When the new access token expires, in ms since the epoch. */
      readonly expiresAt: number;
      readonly scope: readonly string[];
      /** True when the pair is another process's, read from the store: no token request was made for it here. */
      readonly adopted: boolean;
    }
  /** A renewal failed; `reauthorize` says the user must go through consent again. */
  | {
      readonly type: 'renewal-failed';
      readonly strategy: StrategyKind;
      readonly code: JiraAuthErrorCode | undefined;
      readonly reauthorize: boolean;
    }
  /** The token store's lock was held by another process (or request) for this long before a renewal could start. */
  | {
      readonly type: 'lock-waited';
      readonly strategy: StrategyKind;
      readonly key: string;
      readonly waitedMs: number;
    }
  /** A site's cloudId was read from `/_edge/tenant_info`. */
  | {
      readonly type: 'cloud-id-looked-up';
      readonly strategy: StrategyKind;
      readonly site: string;
      readonly cloudId: string;
    }
  /** Jira answered 401 and the request is sent once more with fresh credentials. */
  | {
      readonly type: 'retried-after-401';
      readonly strategy: StrategyKind;
      readonly method: string;
      readonly url: string;
    }
  /**
   * A credential given an `expiresAt` (an API token, a personal access token) is within
   * 14 days of it, or past it: reported once a day, when the strategy is used. `daysLeft`
   * is whole days left (0 on the last day, negative once past).
   */
  | {
      readonly type: 'credential-expiring';
      readonly strategy: StrategyKind;
      /** When the credential expires, in ms since the epoch. */
      readonly expiresAt: number;
      readonly daysLeft: number;
    }
  /** Jira rate-limited a request; `retryInMs` is set when it is sent again after that wait. */
  | {
      readonly type: 'rate-limited';
      readonly strategy: StrategyKind;
      readonly method: string;
      readonly url: string;
      readonly reading: RateLimitReading;
      readonly retryInMs: number | undefined;
    };

export type OnEvent = (event: JiraAuthEvent) => void;

/** `Omit` over each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** How a strategy's parts report an event: the strategy adds its kind. */
export type Report = (event: DistributiveOmit<JiraAuthEvent, 'strategy'>) => void;

/**
 * How a strategy's parts report: to the listener the strategy has when the event happens (its `onEvent` option, or
 * one {@link observe} set later). Made before the strategy; `owns` names the strategy once it exists, and sets the
 * listener from the options.
 */
export function reporter(kind: StrategyKind): {
  readonly report: Report;
  owns<T extends AuthStrategy>(strategy: T, onEvent: OnEvent | undefined): T;
} {
  let owner: object | undefined;
  return {
    report: (event) => emit(owner, { ...event, strategy: kind } as JiraAuthEvent),
    owns(strategy, onEvent) {
      owner = strategy;
      return observe(strategy, onEvent);
    },
  };
}

const listeners = new WeakMap<object, OnEvent>();

/**
 * Sends a strategy's events to `onEvent`: what the strategy does (renewals, lookups, lock waits) and what adapters
 * do with it (retries after a 401, rate limits). Core's factories call it with their `onEvent` option; call it
 * yourself for a strategy of your own. A listener that throws is ignored: events never break a request.
 */
export function observe<T extends AuthStrategy>(strategy: T, onEvent: OnEvent | undefined): T {
  if (onEvent) listeners.set(strategy, onEvent);
  return strategy;
}

/** Gives `event` to the strategy's listener, if it has one. */
export function emit(strategy: object | undefined, event: JiraAuthEvent): void {
  deliver(strategy && listeners.get(strategy), event);
}

function deliver(listener: OnEvent | undefined, event: JiraAuthEvent): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // A listener's failure is its own: the request goes on.
  }
}

/** A URL as events give it: without its query and fragment, which may carry anything. */
export const eventUrl = (url: URL | string): string => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};
