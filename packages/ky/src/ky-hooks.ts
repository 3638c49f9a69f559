import type { AuthStrategy } from '@jira-auth/core';
import {
  authorizeFetch,
  ConfigurationError,
  type FetchRequestState,
  finish,
  followsRedirects,
  knownBase,
  limiterOf,
  livePlaceholder,
  mayRecover,
  sendFollowing,
  settleFetch,
} from '@jira-auth/core/adapter-kit';
import installedKy, { type Options } from 'ky';

/** A ky instance: the default export or one made with `ky.create` / `.extend`. */
export type KyInstance = typeof installedKy;

export interface JiraAuthKyOptions {
  /**
   * The ky you extend (the instance, or its major): it decides the option that aims relative URLs (ky 2: `prefix`,
   * so `'/rest/api/3/myself'` works; ky 1: `prefixUrl`, so write `'rest/api/3/myself'`). Pass it when the ky you
   * call is not the one this package resolves (npm aliases, two copies).
   * @default the major of the `ky` this package imports
   */
  ky?: 1 | 2 | KyInstance;
  /**
   * The fetch ky sends with. jira-auth sets ky's `fetch` option: on Atlassian's gateway it follows redirects itself,
   * since fetch keeps credentials on a redirect to another tenant's path of the same origin. A fetch of your own goes
   * here, not in ky's options (which would replace jira-auth's).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
}

/** The options ky passes hooks, as far as this adapter reads them. */
interface HookOptions {
  readonly signal?: AbortSignal | null;
  readonly body?: unknown;
  readonly fetch?: typeof fetch;
}

interface HookState {
  readonly request: Request;
  readonly options: HookOptions;
  readonly response?: Response | undefined;
}

/** The same hooks serve ky 1 (positional arguments) and ky 2 (one state object). */
type Hook = (...args: never[]) => unknown;

/**
 * ky options that authenticate every request to Jira: `ky.create(jiraAuth(strategy))` (or `.extend`) is the whole
 * set-up. Credentials only go to the strategy's origin (fetch drops them on a redirect to another origin);
 * multipart uploads get `X-Atlassian-Token: no-check`; a 401 is retried once with fresh headers when the strategy
 * can recover (the body is copied before sending so it can be replayed; a stream body cannot be and fails with
 * `JIRA_AUTH_BODY_NOT_REPLAYABLE`); errors are scrubbed of credentials.
 *
 * @example
 * const jira = ky.create(jiraAuth(basicAuth({ site, email, apiToken })));
 * const me = await jira.get('/rest/api/3/myself').json();
 */
export function jiraAuth(strategy: AuthStrategy, options: JiraAuthKyOptions = {}): Options {
  const major = kyMajor(options.ky ?? installedKy);
  // ky clones every response for each response hook: only a strategy that may recover from a 401 gets one, or one
  // whose rate limiter learns from every answer.
  const recovers = mayRecover(strategy);
  const watch = recovers || limiterOf(strategy) !== undefined;
  // Keyed by the request's abort signal: the one object ky hands to every hook of the same call.
  const states = new WeakMap<object, FetchRequestState>();
  const keyOf = (hookOptions: HookOptions, request: Request): object => hookOptions.signal ?? request;

  const beforeRequest = async (...args: unknown[]) => {
    const { request, options: hookOptions } = readArgs(args);
    const state = await authorizeFetch(strategy, request, { appBody: hookOptions.body, keep: recovers });
    if (state.authenticated) states.set(keyOf(hookOptions, request), state);
    // A request made again (for the base URL while it is not known yet, or for an absolute URL) replaces ky's.
    return state.send === request ? undefined : state.send;
  };

  // Not async: only a 401 or a 403 needs a decision, and every other answer goes on without a wait.
  const afterResponse = (...args: unknown[]) => {
    const { request, options: hookOptions, response } = readArgs(args);
    const state = response && states.get(keyOf(hookOptions, request));
    if (!state) return undefined;
    // A retry is sent here rather than with ky's own retry, which a `retry: 0` setting would forbid.
    const settled = settleFetch(state, response, hookOptions.fetch, request.headers);
    if (settled === response) return undefined;
    // ky hands each hook a clone: the response the reason is kept on goes back to ky.
    return (settled as Promise<Response>).then((answer) =>
      answer === response && !state.reason ? undefined : answer,
    );
  };

  const beforeError = async (...args: unknown[]) => {
    const first = args[0] as { error?: unknown } | Error;
    const error = (first instanceof Error ? first : first.error) as Error & {
      /** ky 2 reads the body of an HTTP error into `data`. */
      data?: unknown;
      response?: Response;
      request?: Request;
      options?: HookOptions;
    };
    const state =
      error.request && error.options ? states.get(keyOf(error.options, error.request)) : undefined;
    // Without a response hook (a strategy that never recovers), the failure is decided here.
    await finish(error, state, { response: error.response, body: error.data });
    return error;
  };

  // Each major's option, typed by whichever ky is installed: hence the casts. ky turns it into a string for every
  // request and joins the path to it: once the base URL is known, requests are built for it (keeping its own path,
  // `/ex/jira/{cloudId}` or a context path) and need no second Request here.
  const placeholder = { [major === 1 ? 'prefixUrl' : 'prefix']: livePlaceholder(strategy) };
  // ky sends every request through its `fetch` option, after every hook: on the gateway, redirects are followed here.
  const send = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const base = knownBase(strategy);
    if (!(input instanceof Request) || !followsRedirects(base, input.url, input.redirect))
      return fetchImpl(input, init);
    return sendFollowing(base as URL, input, fetchImpl);
  };
  const hooks = {
    beforeRequest: [beforeRequest as Hook],
    ...(watch ? { afterResponse: [afterResponse as Hook] } : {}),
    beforeError: [beforeError as Hook],
  };
  return { ...placeholder, hooks, fetch: send } as Options;
}

/** ky 2 added the `query` method; ky 1 instances have none. Nothing else tells the two apart without a request. */
function kyMajor(ky: unknown): 1 | 2 {
  if (ky === 1 || ky === 2) return ky;
  if (typeof ky === 'function' && typeof (ky as { create?: unknown }).create === 'function')
    return typeof (ky as { query?: unknown }).query === 'function' ? 2 : 1;
  throw new ConfigurationError('ky', 'must be the ky instance you extend, or its major: 1 or 2');
}

/** ky 1 calls hooks with (request, options, response); ky 2 with one state object. */
function readArgs(args: unknown[]): HookState {
  const [first, second, third] = args;
  // ky 1's third argument is the response in a response hook (and is read only there).
  if (first instanceof Request)
    return { request: first, options: (second ?? {}) as HookOptions, response: third as Response };
  const state = first as HookState;
  return { request: state.request, options: state.options ?? {}, response: state.response };
}
