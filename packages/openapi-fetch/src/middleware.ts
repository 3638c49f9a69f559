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
import { noCheckOperations } from './generated/headers.js';
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

/**
 * What the middleware knows of one product's API (Jira, Service Management, Confluence) when no operation table is
 * given: the operations that take each header, and its scope table, a module of its own loaded on first use (only
 * strategies that report granted scopes, OAuth, need it).
 */
export interface ApiProfile {
  /** The product, as scope errors name it (`Confluence`); none for Jira. */
  readonly product?: string;
  readonly noCheck: readonly string[];
  readonly optIn: readonly string[];
  readonly scopes: () => Promise<ScopeLookup>;
}

/** A scope table as scripts/generate.mjs writes it, decoded row by row. */
export interface EncodedScopes {
  readonly scopeNames: readonly string[];
  readonly operationScopes: Readonly<Record<string, string>>;
}

/** Loads a product's scope table once (`load` imports its module), for every middleware of that product. */
export function scopeLoader(load: () => Promise<EncodedScopes>): () => Promise<ScopeLookup> {
  let loaded: Promise<ScopeLookup> | undefined;
  return () => {
    loaded ??= load().then(decoder);
    return loaded;
  };
}

/** Jira's platform and Agile operations. */
export const JIRA_API: ApiProfile = {
  noCheck: noCheckOperations,
  optIn: [],
  scopes: scopeLoader(() => import('./generated/scopes.js')),
};

function decoder({ scopeNames, operationScopes }: EncodedScopes): ScopeLookup {
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
  return authMiddleware(strategy, options, JIRA_API);
}

/** The middleware for the API `profile` describes (the product clients' own), unless `options.operations` is set. */
export function authMiddleware(
  strategy: AuthStrategy,
  options: JiraAuthMiddlewareOptions,
  profile: ApiProfile,
): Middleware {
  const table = options.operations;
  const flagged = (flag: 'noCheck' | 'optIn') =>
    new Set(table ? Object.keys(table).filter((key) => table[key]?.[flag]) : profile[flag]);
  const noCheck = flagged('noCheck');
  const optIn = flagged('optIn');
  // Only a strategy that knows its granted scopes (OAuth) can be checked: only then are scopes loaded.
  const scopesOf: (() => Promise<ScopeLookup>) | undefined = strategy.grantedScopes
    ? table
      ? async () => (key) => table[key]
      : profile.scopes
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
        if (operation && operation.scopes.length > 0)
          await checkScopes(strategy, operation, request.signal, profile.product);
      }
      const state = await authorizeFetch(strategy, request, { keep });
      if (state.authenticated) {
        if (noCheck.has(key)) state.send.headers.set('x-atlassian-token', 'no-check');
        // Service Management's experimental methods: calling one through the typed client is the opt-in.
        if (optIn.has(key)) state.send.headers.set('x-experimentalapi', 'opt-in');
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
async function checkScopes(
  strategy: AuthStrategy,
  operation: ScopeInfo,
  signal: AbortSignal,
  product: string | undefined,
): Promise<void> {
  if (!strategy.grantedScopes) return;
  const granted = await strategy.grantedScopes(signal);
  if (!granted) return;
  const missing = (scopes: readonly string[]) => scopes.filter((scope) => !granted.includes(scope));
  const classic = missing(operation.scopes);
  const granular = operation.granularScopes.length > 0 ? missing(operation.granularScopes) : undefined;
  if (classic.length === 0 || granular?.length === 0) return;
  throw new ScopeMissingError(
    `${product ? `${product}'s ` : ''}${operation.operationId} (${operation.method} ${operation.path}) needs the scope${classic.length > 1 ? 's' : ''} ${classic.join(', ')}${
      granular ? ` (or the granular ${granular.join(', ')})` : ''
    }, which the token was not granted: add ${classic.length > 1 ? 'them' : 'it'} to the app and authorise again`,
    { scopes: classic },
  );
}
