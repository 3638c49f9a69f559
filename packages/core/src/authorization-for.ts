import { ConfigurationError } from './errors.js';
import type { AuthStrategy } from './strategy.js';
import { isAbsoluteUrl, joinUrl } from './url.js';

/**
 * The headers that authenticate one request to `url`, for code that sends it without an adapter: curl, a
 * WebSocket, server-sent events, another SDK. The same rules as every request: a token due for renewal is renewed
 * first (one renewal however many ask), and credentials are given only for the strategy's own origin. A relative
 * `url` is joined to the strategy's base URL; without one, the headers are for the base URL itself.
 *
 * @example
 * const { authorization } = await authorizationFor(auth, { url: '/rest/api/3/myself' });
 * // The header on curl's standard input (-H @-), never in its arguments, which every local user can read (ps).
 * execFileSync('curl', ['-sS', '-H', '@-', `${await auth.baseUrl()}/rest/api/3/myself`], {
 *   input: `Authorization: ${authorization}\n`,
 * });
 */
export async function authorizationFor(
  strategy: AuthStrategy,
  options: { url?: string | URL; method?: string; signal?: AbortSignal } = {},
): Promise<Record<string, string>> {
  const base = await strategy.baseUrl(options.signal);
  const given = options.url === undefined ? undefined : String(options.url);
  const url = given === undefined ? base : isAbsoluteUrl(given) ? new URL(given) : joinUrl(base, given);
  if (url.origin !== base.origin) {
    throw new ConfigurationError(
      'url',
      `is on ${url.origin}, not ${base.origin}: this strategy's credentials go to its own origin only`,
    );
  }
  return strategy.authenticate({
    url,
    method: (options.method ?? 'GET').toUpperCase(),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
