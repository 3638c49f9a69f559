import type { AuthStrategy, JiraAuthError } from '@jira-auth/core';
import {
  aimAtBase,
  aimAtKnownBase,
  attachReason,
  authorizeRequest,
  bodyNotReplayable,
  contentTypeHeaders,
  decideOnRecord,
  guardRedirect,
  isAimedAtPlaceholder,
  isReplayableBody,
  JIRA_PLACEHOLDER,
  needsDecision,
  redactHeaderRecord,
  scrubSecrets,
  toHeaders,
} from '@jira-auth/core/adapter-kit';
import type { ExtendOptions, HandlerFunction, Hooks, Options, RequestError, Response } from 'got';

const CONTEXT = 'jiraAuth';
/** The body as the application gave it: got turns a FormData into a one-shot stream before any other hook. */
const ORIGINAL_BODY = 'jiraAuthBody';

/** Per-request state in got's `context`. The header values live in a private field: contexts end up in errors. */
class RequestState {
  readonly #secrets: readonly string[];
  readonly retried: boolean;
  /** The strategy's reason for a failed response, picked up by `beforeError`. */
  reason: JiraAuthError | undefined;

  constructor(secrets: readonly string[], retried: boolean) {
    this.#secrets = secrets;
    this.retried = retried;
  }

  get secrets(): readonly string[] {
    return this.#secrets;
  }
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
        // No spread with a property after it on a hot path: about 1 µs on Node 20 (docs/guide/performance.md).
        if (raw.body !== undefined)
          raw.context = Object.assign({}, raw.context, { [ORIGINAL_BODY]: raw.body });
      },
    ],
    beforeRequest: [
      async (options) => {
        const url = new URL(String(options.url));
        const previous = options.context[CONTEXT] as RequestState | undefined;
        const authorized = await authorizeRequest(strategy, {
          url,
          method: options.method,
          headers: contentTypeHeaders(options.headers['content-type']),
          body: options.body ?? options.form ?? options.json,
        });
        if (!authorized.authenticated) return;
        Object.assign(options.headers, authorized.headers);
        options.context[CONTEXT] = new RequestState(authorized.secrets, previous?.retried ?? false);
      },
    ],
    beforeRedirect: [
      async (options) => {
        // got drops Authorization on a redirect to another host, not on one to another port or scheme.
        guardRedirect(options.headers, options.url, await strategy.baseUrl());
      },
    ],
    afterResponse: [
      async (response, retryWithMergedOptions) => {
        const options = response.request.options;
        const state = options.context[CONTEXT] as RequestState | undefined;
        if (!state || !needsDecision(response.statusCode)) return response;
        const url = new URL(String(options.url));
        const headers = toHeaders(options.headers);
        const request = { url, method: options.method, headers };
        const decision = await decideOnRecord(
          strategy,
          request,
          response.statusCode,
          response.headers,
          response.body,
          state.retried,
        );
        if (decision.action === 'pass') return response;
        if (decision.action === 'fail') {
          state.reason = decision.error;
          return response;
        }
        const original = options.context[ORIGINAL_BODY];
        // got turns a FormData into a one-shot iterator before any hook: judge the body the application gave.
        if (!isReplayableBody(original ?? options.body)) {
          state.reason = bodyNotReplayable();
          return response;
        }
        if (original instanceof FormData) {
          // got encodes the form again, with a new boundary: the old Content-Type would not match it.
          delete options.headers['content-type'];
          delete options.headers['content-length'];
        }
        // got skips beforeRequest on this retry: fresh headers go in the merged options.
        const fresh = await authorizeRequest(strategy, { ...request, body: options.body });
        return retryWithMergedOptions({
          headers: fresh.headers,
          ...(original === undefined ? {} : { body: original as Options['body'] }),
          context: { [CONTEXT]: new RequestState([...state.secrets, ...fresh.secrets], true) },
        });
      },
    ],
    beforeError: [
      async (error: RequestError) => {
        const options = error.options as Options | undefined;
        const state = options?.context?.[CONTEXT] as RequestState | undefined;
        if (!state) return error;
        let reason = state.reason;
        if (!reason && error.response && options) {
          // The retried response skips afterResponse: decide on it here.
          const decision = await decideOnRecord(
            strategy,
            { url: new URL(String(options.url)), method: options.method },
            error.response.statusCode,
            error.response.headers,
            (error.response as Response).body,
            true,
          );
          if (decision.action === 'fail') reason = decision.error;
        }
        if (reason) attachReason(error, reason);
        // got 16 keeps options in private fields that a walk cannot reach: redact through the headers object too.
        redactHeaderRecord(options?.headers as Record<string, unknown> | undefined);
        scrubSecrets(error, state.secrets);
        return error;
      },
    ],
  };
  // Aim placeholder URLs at the strategy's base before got builds the request. (got 16 drops the body when a
  // beforeRequest hook changes the origin, so this cannot wait for that hook.) Streams need a synchronous
  // handler: give them an absolute URL or a prefixUrl of your own.
  const handler = ((options: Options, next: (options: Options) => unknown) => {
    const url = options.url;
    // Once the base URL is known, requests (streams too) are aimed at once.
    const known = url && aimAtKnownBase(strategy, url);
    if (known) {
      options.prefixUrl = '';
      options.url = known;
    }
    if (known || options.isStream || !url || !isAimedAtPlaceholder(url)) return next(options);
    return (async () => {
      options.prefixUrl = '';
      options.url = (await aimAtBase(strategy, url, options.signal as AbortSignal | undefined)) ?? url;
      return next(options);
    })();
  }) as HandlerFunction;
  return { prefixUrl: JIRA_PLACEHOLDER, hooks, handlers: [handler] };
}
