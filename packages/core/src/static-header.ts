import type { JiraAuthError } from './errors.js';
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
}): AuthStrategy {
  const { header, rejected } = options;
  const strategy = withSafeDescription(
    {
      kind: options.kind,
      baseUrl: options.baseUrl,
      async authenticate() {
        return header;
      },
      async unauthorized(): Promise<UnauthorizedDecision> {
        return { retry: false, error: rejected() };
      },
    },
    options.description,
  );
  markFixed(strategy);
  return strategy;
}
