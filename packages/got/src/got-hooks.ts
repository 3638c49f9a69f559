import type { AuthStrategy } from '@jira-auth/core';
import {
  aimAt,
  authorize,
  finish,
  guardRedirect,
  JIRA_PLACEHOLDER,
  type RequestState,
  settle,
} from '@jira-auth/core/adapter-kit';
import type { ExtendOptions, HandlerFunction, Hooks, Options, RequestError, Response } from 'got';

const CONTEXT = 'jiraAuth';
/** The body as the application gave it: got turns a FormData into a one-shot stream before any other hook. */
const ORIGINAL_BODY = 'jiraAuthBody';

/** The request's state, in got's `context` (which ends up in errors: the state shows nothing of what it holds). */
function stateOf(context: Record<string, unknown> | undefined): RequestState | undefined {
  return context?.[CONTEXT] as RequestState | undefined;
}

/**
 * got options that authenticate every request to Jira: `got.extend(jiraAuth(strategy))` is the whole set-up.
 *
 * Relative URLs (`'rest/api/3/myself'`, without a leading slash, as got's `prefixUrl` wants) go to the strategy's
 * base URL; set your own `prefixUrl` to override. Credentials only go to the strategy's origin, never across a
 * redirect to another; multipart uploads get `X-Atlassian-Token: no-check`; a 401 is retried once when the
 * strategy can recover; errors are scrubbed of credentials.
 *
 * @example
 * const jira = got.extend(jiraAuth(basicAuth({ site, email, apiToken })));
 * const me = await jira.get('rest/api/3/myself').json();
 */
export function jiraAuth(strategy: AuthStrategy): ExtendOptions {
  const hooks: Partial<Hooks> = {
    init: [
      (raw) => {
        if (raw.body !== undefined)
          raw.context = Object.assign({}, raw.context, { [ORIGINAL_BODY]: raw.body });
      },
    ],
    beforeRequest: [
      async (options) => {
        const type = options.headers['content-type'];
        const state = await authorize(
          strategy,
          {
            url: new URL(String(options.url)),
            method: options.method,
            headers: typeof type === 'string' ? new Headers({ 'content-type': type }) : undefined,
            // got turns a FormData into a one-shot iterator before any hook: judge the body the application gave.
            body: options.context[ORIGINAL_BODY] ?? options.body ?? options.form ?? options.json,
            signal: options.signal as AbortSignal | undefined,
          },
          stateOf(options.context),
        );
        if (!state.authenticated) return;
        Object.assign(options.headers, state.headers);
        options.context[CONTEXT] = state;
      },
    ],
    beforeRedirect: [
      (options) => {
        // got drops Authorization on a redirect to another host, not on one to another port or scheme.
        guardRedirect(stateOf(options.context), options.headers, options.url);
      },
    ],
    afterResponse: [
      async (response, retryWithMergedOptions) => {
        const options = response.request.options;
        const state = stateOf(options.context);
        const settlement = await settle(state, {
          status: response.statusCode,
          headers: response.headers,
          body: response.body,
        });
        if (settlement.action !== 'retry') return response;
        const original = options.context[ORIGINAL_BODY];
        if (original instanceof FormData) {
          // got encodes the form again, with a new boundary: the old Content-Type would not match it.
          delete options.headers['content-type'];
          delete options.headers['content-length'];
        }
        // got skips beforeRequest on this retry: the fresh headers go in the merged options, the state stays.
        const context = { [CONTEXT]: state };
        return retryWithMergedOptions({
          headers: settlement.headers,
          ...(original === undefined ? {} : { body: original as Options['body'] }),
          context,
        });
      },
    ],
    beforeError: [
      async (error: RequestError) => {
        const options = error.options as Options | undefined;
        const state = stateOf(options?.context);
        if (!state) return error;
        const response = error.response as Response | undefined;
        // The retried response skips afterResponse: finish decides on it.
        await finish(error, state, {
          response: response && {
            status: response.statusCode,
            headers: response.headers,
            body: response.body,
          },
          // got 16 keeps options in private fields that a walk cannot reach: redact through the headers object too.
          headers: options?.headers,
        });
        return error;
      },
    ],
  };
  // Aim placeholder URLs at the strategy's base before got builds the request. (got 16 drops the body when a
  // beforeRequest hook changes the origin, so this cannot wait for that hook.) Streams need a synchronous
  // handler: give them an absolute URL or a prefixUrl of your own.
  const handler = ((options: Options, next: (options: Options) => unknown) => {
    const aimed = options.url
      ? aimAt(strategy, options.url, options.signal as AbortSignal | undefined)
      : undefined;
    if (aimed === undefined) return next(options);
    const go = (url: URL) => {
      options.prefixUrl = '';
      options.url = url;
      return next(options);
    };
    // Once the base URL is known, requests (streams too) are aimed at once.
    if (aimed instanceof URL) return go(aimed);
    if (!options.isStream) return aimed.then(go);
    aimed.catch(() => undefined);
    return next(options);
  }) as HandlerFunction;
  return { prefixUrl: JIRA_PLACEHOLDER, hooks, handlers: [handler] };
}
