import { withSafeDescription } from '../secret.js';
import type { AuthStrategy, StrategyKind } from '../strategy.js';
import type { TokenSet } from '../token-store.js';
import { bearerOf, type TokenSource } from './token-source.js';

/** An {@link AuthStrategy} that sends a {@link TokenSource}'s access token as Bearer. */
export function tokenStrategy(options: {
  kind: StrategyKind;
  source: TokenSource;
  baseUrl: (signal?: AbortSignal) => Promise<URL>;
  description: string;
  /** The scopes a token set was granted; undefined when unknown (nothing is then checked). @default its `scope` */
  scopesOf?: (tokens: TokenSet) => readonly string[] | undefined;
}): AuthStrategy {
  const { source, scopesOf = (tokens) => tokens.scope } = options;
  return withSafeDescription(
    {
      kind: options.kind,
      baseUrl: options.baseUrl,
      async authenticate(request) {
        // The usual case, a token ready to use: no wait.
        const tokens = source.ready() ?? (await source.current(request.signal));
        return { authorization: `Bearer ${tokens.accessToken}` };
      },
      async unauthorized(request) {
        return source.unauthorized(bearerOf(request.headers));
      },
      async grantedScopes(signal) {
        return scopesOf(source.ready() ?? (await source.current(signal)));
      },
    },
    options.description,
  );
}
