import type { AuthStrategy } from '@jira-auth/core';
import {
  authorizeFetch,
  type FetchRequestState,
  followRedirects,
  followsRedirects,
  mayRecover,
  noAnswer,
  type RetryPolicy,
  retryPolicyOf,
  retryRateLimited,
  ScopeMissingError,
  settleFetch,
} from '@jira-auth/core/adapter-kit';
import type { Middleware } from 'openapi-fetch';
import { noCheckOperations } from './generated/no-check.js';
import type { OperationInfo } from './operation-info.js';

/**
 * openapi-fetch needs its base URL when the client is made, while a strategy's may need a lookup (the cloudId).
 * Clients are made with this placeholder, never resolvable (RFC 2606), and requests re-aimed by the middleware.
 */
export { JIRA_PLACEHOLDER } from '@jira-auth/core/adapter-kit';

export interface JiraAuthMiddlewareOptions {
  /**
   * The operation table to read headers and scopes from (see `@jira-auth/openapi-fetch/operations`).
   * @default the platform and Agile (software) operations: the no-check list, and their scopes, loaded on first use
   * by a strategy that reports granted scopes
   */
  operations?: Readonly<Record<string, OperationInfo>>;
  /**
   * Send a rate-limited request again (a 429, or a 503 with `Retry-After`): `true` for the defaults, or a policy.
   * `Retry-After` is honoured; without it, exponential backoff with full jitter. Only idempotent methods unless the
   * policy names others, never a 401 or 403. Off unless set.
   */
  retry?: boolean | RetryPolicy;
}

/** What the middleware needs of an operation's scopes. */
type ScopeInfo = Pick<OperationInfo, 'operationId' | 'method' | 'path' | 'scopes' | 'granularScopes'>;
type ScopeLookup = (key: string) => ScopeInfo | undefined;

/** The scopes of Jira's own operations: a module of their own, so that only OAuth users load them. */
let jiraScopes: Promise<ScopeLookup> | undefined;
function loadJiraScopes(): Promise<ScopeLookup> {
  jiraScopes ??= import('./generated/scopes.js').then(({ scopeNames, operationScopes }) => {
    const names = (list: string) =>
      list ? list.split(',').map((index) => scopeNames[parseInt(index, 36)] as string) : [];
    // Each row is decoded on its first request, then kept: a hot path, taken by every OAuth request.
    const decoded = new Map<string, ScopeInfo>();
    return (key) => {
      const known = decoded.get(key);
      if (known) return known;
      const row = operationScopes[key];
      if (row === undefined) return undefined;
      const [operationId = '', classic = '', granular = ''] = row.split('|');
      const space = key.indexOf(' ');
      const info = {
        operationId,
        method: key.slice(0, space),
        path: key.slice(space + 1),
        scopes: names(classic),
        granularScopes: names(granular),
      };
      decoded.set(key, info);
      return info;
    };
  });
  return jiraScopes;
}

/**
 * openapi-fetch middleware that authenticates requests to Jira: credentials only to the strategy's origin,
 * `X-Atlassian-Token: no-check` where the operation needs it, a fast `ScopeMissingError` when an OAuth token lacks
 * the operation's scopes, and one retry after a 401 when the strategy can recover.
 *
 * @example
 * const client = createClient<paths>({ baseUrl: 'https://your-site.atlassian.net' });
 * client.use(jiraAuthMiddleware(basicAuth({ site, email, apiToken })));
 */
export function jiraAuthMiddleware(
  strategy: AuthStrategy,
  options: JiraAuthMiddlewareOptions = {},
): Middleware {
  const table = options.operations;
  const noCheck = new Set(
    table ? Object.keys(table).filter((key) => table[key]?.noCheck) : noCheckOperations,
  );
  // Only a strategy that knows its granted scopes (OAuth) can be checked: only then are scopes loaded.
  const scopesOf: (() => Promise<ScopeLookup>) | undefined = strategy.grantedScopes
    ? table
      ? async () => (key) => table[key]
      : loadJiraScopes
    : undefined;
  /** The scope lookup once loaded: every later request reads it without a wait. */
  let scopes: ScopeLookup | undefined;
  const policy = retryPolicyOf(options.retry);
  // A strategy that never recovers from a 401 needs no copy of the body (unless rate limits are retried).
  const keep = mayRecover(strategy) || policy !== undefined;
  const states = new Map<string, FetchRequestState>();
  /** Requests sent with `redirect: 'manual'`, whose redirects onResponse follows. */
  const following = new WeakSet<FetchRequestState>();

  return {
    async onRequest({ request, schemaPath, id }) {
      // Every wait below is skipped when there is nothing to wait for (the base URL known, the scopes loaded, a
      // request without a body): each is a promise and a turn of the event loop, on every request.
      const key = `${request.method} ${schemaPath}`;
      if (scopesOf) {
        scopes ??= await scopesOf();
        const operation = scopes(key);
        // Without classic scopes there is nothing to lack (granular ones only stand in for classic ones).
        if (operation && operation.scopes.length > 0) await checkScopes(strategy, operation, request.signal);
      }
      const state = await authorizeFetch(strategy, request, { keep });
      if (state.authenticated) {
        if (noCheck.has(key)) state.send.headers.set('x-atlassian-token', 'no-check');
        states.set(id, state);
      }
      // On a base with a path (the gateway), redirects are followed in onResponse: fetch would keep credentials on a
      // redirect within the origin.
      if (followsRedirects(state.base, state.send.url, state.send.redirect)) {
        following.add(state);
        return new Request(state.send, { redirect: 'manual' });
      }
      return state.send === request ? undefined : state.send;
    },

    // A request that ends in a network error (or an abort) gets no onResponse: forget it here, body copy and all.
    onError({ id }) {
      noAnswer(states.get(id));
      states.delete(id);
      return undefined;
    },

    async onResponse({ request, response, id, options: clientOptions }) {
      const state = states.get(id);
      states.delete(id);
      if (!state) return undefined;
      const copy = state.copy;
      // With a policy, a rate limit goes on to retryRateLimited, which reports it with its wait.
      state.retriesRateLimits = Boolean(policy && copy?.replayable);
      const arrived = following.has(state)
        ? await followRedirects(state.base, request, response, clientOptions.fetch)
        : response;
      let answer = await settleFetch(state, arrived, clientOptions.fetch, request.headers);
      if (policy && !state.reason && copy?.replayable) {
        answer = await retryRateLimited(
          answer,
          { method: copy.method, signal: request.signal, strategy, url: copy.url },
          policy,
          () =>
            clientOptions.fetch(
              new Request(copy.url, {
                method: copy.method,
                headers: request.headers,
                body: copy.body ?? null,
                signal: request.signal,
              }),
            ),
          (spent) => spent.body?.cancel(),
        );
      }
      return answer === response ? undefined : answer;
    },
  };
}

/** OAuth tokens carry scopes: an operation whose scopes the token lacks fails here, before any request. */
async function checkScopes(strategy: AuthStrategy, operation: ScopeInfo, signal: AbortSignal): Promise<void> {
  if (!strategy.grantedScopes) return;
  const granted = await strategy.grantedScopes(signal);
  if (!granted) return;
  const missing = (scopes: readonly string[]) => scopes.filter((scope) => !granted.includes(scope));
  const classic = missing(operation.scopes);
  const granular = operation.granularScopes.length > 0 ? missing(operation.granularScopes) : undefined;
  if (classic.length === 0 || granular?.length === 0) return;
  throw new ScopeMissingError(
    `${operation.operationId} (${operation.method} ${operation.path}) needs the scope${classic.length > 1 ? 's' : ''} ${classic.join(', ')}${
      granular ? ` (or the granular ${granular.join(', ')})` : ''
    }, which the token was not granted: add ${classic.length > 1 ? 'them' : 'it'} to the app and authorise again`,
    { scopes: classic },
  );
}
