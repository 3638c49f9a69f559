import type { AuthStrategy } from '@jira-auth/core';
import {
  type AuthorizedFetchRequest,
  aimAtGivenUrl,
  attachReason,
  authorizeFetchRequest,
  ConfigurationError,
  failureReason,
  hideProperty,
  jiraAuthReason,
  livePlaceholder,
  needsDecision,
  redactRequest,
  rememberReason,
  scrubSecrets,
  settleFetchResponse,
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
}

/** The options ky passes hooks, as far as this adapter reads them. */
interface HookOptions {
  readonly signal?: AbortSignal | null;
  readonly body?: unknown;
  readonly fetch?: typeof fetch;
}

/**
 * Per call: the request as sent (what a decision on its answer reads), the copy for the one retry (none for a
 * strategy that never retries), and the credentials' values and headers to scrub from a ky error.
 */
type RequestState = Pick<AuthorizedFetchRequest, 'sent' | 'copy' | 'secrets' | 'headers'>;

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
  const watch = strategy.retriesOn401 !== false;
  // Keyed by the request's abort signal: the one object ky hands to every hook of the same call.
  const states = new WeakMap<object, RequestState>();
  const keyOf = (hookOptions: HookOptions, request: Request): object => hookOptions.signal ?? request;

  const beforeRequest = async (...args: unknown[]) => {
    const { request, options: hookOptions } = readArgs(args);
    // ky joins an absolute URL given as a string to the prefix too: that request goes where the application said.
    const aimed = aimAtGivenUrl(strategy, request, hookOptions.body);
    const ready = await authorizeFetchRequest(strategy, aimed instanceof Promise ? await aimed : aimed, {
      appBody: hookOptions.body,
      keep: watch,
    });
    if (ready.authenticated) states.set(keyOf(hookOptions, request), ready);
    // A request made again (for the base URL while it is not known yet, or for an absolute URL) replaces ky's.
    return ready.request === request ? undefined : ready.request;
  };

  // Not async: only a 401 or a 403 needs a decision, and every other answer goes on without a wait.
  const afterResponse = (...args: unknown[]) => {
    const { request, options: hookOptions, response } = readArgs(args);
    return response && needsDecision(response.status) ? settle(request, hookOptions, response) : undefined;
  };

  const settle = async (request: Request, hookOptions: HookOptions, response: Response) => {
    const key = keyOf(hookOptions, request);
    const state = states.get(key);
    if (!state?.copy) return undefined;
    // A retry is sent here rather than with ky's own retry, which a `retry: 0` setting would forbid.
    const settled = await settleFetchResponse(
      strategy,
      { ...state.copy, headers: request.headers, signal: hookOptions.signal ?? null },
      response,
      hookOptions.fetch,
    );
    if (settled.secrets.length > 0)
      states.set(key, { ...state, secrets: [...state.secrets, ...settled.secrets] });
    if (settled.reason) rememberReason(settled.response, settled.reason);
    return settled.retried || settled.reason ? settled.response : undefined;
  };

  const beforeError = async (...args: unknown[]) => {
    const first = args[0] as { error?: unknown; request?: unknown; options?: HookOptions } | Error;
    const error = (first instanceof Error ? first : first.error) as Error & {
      /** ky 2 reads the body of an HTTP error into `data`. */
      data?: unknown;
      response?: Response;
      request?: Request;
      options?: HookOptions;
    };
    const state =
      error.request && error.options ? states.get(keyOf(error.options, error.request)) : undefined;
    // Without a response hook (a strategy that never retries), the failure is decided here.
    const reason =
      jiraAuthReason(error.response) ??
      (state && error.response && !watch
        ? await failureReason(strategy, state.sent, error.response, error.data)
        : undefined);
    if (reason) attachReason(error, reason);
    // A Request prints its headers in util.inspect: keep it reachable, out of logs.
    hideProperty(error, 'request');
    if (state) {
      scrubSecrets(error, state.secrets);
      redactRequest(error.request, Object.keys(state.headers));
    }
    return error;
  };

  // Each major's option, typed by whichever ky is installed: hence the casts. ky turns it into a string for every
  // request and joins the path to it: once the base URL is known, requests are built for it (keeping its own path,
  // `/ex/jira/{cloudId}` or a context path) and need no second Request here.
  const placeholder = { [major === 1 ? 'prefixUrl' : 'prefix']: livePlaceholder(strategy) };
  const hooks = {
    beforeRequest: [beforeRequest as Hook],
    // ky clones every response for each response hook: only a strategy that can retry gets one.
    ...(watch ? { afterResponse: [afterResponse as Hook] } : {}),
    beforeError: [beforeError as Hook],
  };
  return { ...placeholder, hooks } as Options;
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
  // No spread with a property after it on a hot path: about 1 µs on Node 20 (docs/guide/performance.md).
  return { request: state.request, options: state.options ?? {}, response: state.response };
}
