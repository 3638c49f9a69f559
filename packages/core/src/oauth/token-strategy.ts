import { withSafeDescription } from '../secret.js';
import type { AuthStrategy, StrategyKind } from '../strategy.js';
import { bearerOf, type TokenSource } from './token-source.js';

/** An {@link AuthStrategy} that sends a {@link TokenSource}'s access token as Bearer. */
export function tokenStrategy(options: {
  kind: StrategyKind;
  source: TokenSource;
  baseUrl: (signal?: AbortSignal) => Promise<URL>;
  description: string;
}): AuthStrategy {
  const { source } = options;
  return withSafeDescription(
    {
      kind: options.kind,
      baseUrl: options.baseUrl,
      async authenticate(request) {
        const tokens = await source.current(request.signal);
        return { authorization: `Bearer ${tokens.accessToken}` };
      },
      async unauthorized(request) {
        return source.unauthorized(bearerOf(request.headers));
      },
      async grantedScopes(signal) {
        return (await source.current(signal)).scope;
      },
    },
    options.description,
  );
}
