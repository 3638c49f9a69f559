import type { AuthRequest, AuthStrategy } from '@jira-auth/core';
import {
  attachReason,
  authorizeRequest,
  baseOf,
  bodyNotReplayable,
  contentTypeHeaders,
  decideOnRecord,
  guardRedirect,
  hideProperty,
  isAbsoluteUrl,
  isReplayableBody,
  joinUrl,
  needsDecision,
  REDACTED,
  type RetryPolicy,
  scrubSecrets,
  toHeaders,
  waitToRetry,
} from '@jira-auth/core/adapter-kit';
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

/** Per-request state, kept on the config under a string key: axios copies such keys when a request is re-sent. */
const STATE = 'jiraAuth';

interface RequestState {
  readonly url: string;
  /** Header values sent with this request: scrubbed from anything handed back to the application. */
  readonly secrets: readonly string[];
  retried: boolean;
  /** Rate-limit retries so far, and the time waited for them. */
  readonly rate: { attempt: number; waitedMs: number };
}

export interface JiraAuthOptions {
  /**
   * Send a rate-limited request again (a 429, or a 503 with `Retry-After`): `true` for the defaults, or a policy.
   * `Retry-After` is honoured; without it, exponential backoff with full jitter. Only idempotent methods unless the
   * policy names others, never a stream body, never a 401 or 403. Off unless set.
   */
  retry?: boolean | RetryPolicy;
}

type Config = InternalAxiosRequestConfig & { [STATE]?: RequestState };

export interface JiraAuthInterceptors {
  /** Removes both interceptors from the instance. */
  eject(): void;
}

/**
 * Installs Jira authentication on an axios instance: credentials only for the strategy's origin (never across a
 * redirect to another host), `X-Atlassian-Token: no-check` on multipart uploads, one retry after a 401 when the
 * strategy can recover, and errors without credentials in them.
 *
 * Requests with a relative URL and no `baseURL` go to the strategy's base URL.
 *
 * @example
 * const jira = axios.create();
 * withJiraAuth(jira, basicAuth({ site, email, apiToken }));
 * const { data } = await jira.get('/rest/api/3/myself');
 */
export function withJiraAuth(
  instance: AxiosInstance,
  strategy: AuthStrategy,
  options: JiraAuthOptions = {},
): JiraAuthInterceptors {
  const policy = options.retry === true ? {} : options.retry || undefined;
  /** This adapter's redirect hooks, each with the application's hook it calls. */
  const ownHooks = new WeakMap<object, Config['beforeRedirect']>();
  const requestId = instance.interceptors.request.use(async (config: Config) => {
    // Known after the first request: no wait on the later ones.
    const known = baseOf(strategy, signalOf(config));
    const base = known instanceof URL ? known : await known;
    const url = config.url ?? '';
    if (!config.baseURL && !isAbsoluteUrl(url)) config.baseURL = base.href;
    // Where the request goes, for the origin check: what axios's getUri gives, without re-merging the config.
    const target = joinUrl(config.baseURL ?? base.href, url);
    // A re-sent config still carries the credentials of its first attempt: start clean.
    config.headers.delete('authorization');
    const authorized = await authorizeRequest(strategy, {
      url: target,
      method: (config.method ?? 'get').toUpperCase(),
      body: config.data,
      // The one header the kit reads before sending (to tell uploads apart): converting them all costs more.
      headers: contentTypeHeaders(config.headers.get('content-type')),
      signal: signalOf(config),
    });
    if (!authorized.authenticated) {
      delete config[STATE];
      return config;
    }
    for (const [name, value] of Object.entries(authorized.headers)) config.headers.set(name, value);
    config[STATE] = {
      url: target.href,
      secrets: authorized.secrets,
      retried: config[STATE]?.retried ?? false,
      rate: config[STATE]?.rate ?? { attempt: 0, waitedMs: 0 },
    };
    // A retried config already carries this adapter's hook: wrap the application's own one, once.
    const current = config.beforeRedirect;
    const userBeforeRedirect = current && ownHooks.has(current) ? ownHooks.get(current) : current;
    config.beforeRedirect = (options, responseDetails, requestDetails) => {
      guardRedirect(options.headers as Record<string, unknown> | undefined, redirectTarget(options), base);
      userBeforeRedirect?.(options, responseDetails, requestDetails);
    };
    ownHooks.set(config.beforeRedirect, userBeforeRedirect);
    return config;
  });

  const settle = async (response: AxiosResponse | undefined, error: AxiosError | undefined) => {
    const config = (response?.config ?? error?.config) as Config | undefined;
    const state = config?.[STATE];
    if (!config || !state || !response) return undefined;
    if (
      policy &&
      isReplayableBody(config.data) &&
      (await waitToRetry(
        response,
        { method: config.method ?? 'get', signal: signalOf(config), strategy, url: state.url },
        policy,
        state.rate,
      ))
    )
      return instance.request(config);
    if (!needsDecision(response.status)) return undefined;
    const request: AuthRequest = {
      url: new URL(state.url),
      method: (config.method ?? 'get').toUpperCase(),
      headers: toHeaders(config.headers),
    };
    const decision = await decideOnRecord(
      strategy,
      request,
      response.status,
      response.headers,
      response.data,
      state.retried,
    );
    if (decision.action === 'retry') {
      if (!isReplayableBody(config.data)) return bodyNotReplayable();
      state.retried = true;
      return instance.request(config);
    }
    return decision.action === 'fail' ? decision.error : undefined;
  };

  const responseId = instance.interceptors.response.use(
    async (response) => {
      const outcome = await settle(response, undefined);
      // A 401 the application accepts (validateStatus) may still be retried once; a reason is not thrown.
      return outcome && !(outcome instanceof Error) ? outcome : response;
    },
    async (error: AxiosError) => {
      const state = (error.config as Config | undefined)?.[STATE];
      let outcome: unknown;
      try {
        outcome = await settle(error.response, error);
      } catch (failure) {
        outcome = failure;
      }
      if (outcome !== undefined && !(outcome instanceof Error)) return outcome;
      if (outcome instanceof Error) attachReason(error, outcome);
      redact(error, state?.secrets ?? []);
      throw error;
    },
  );

  return {
    eject() {
      instance.interceptors.request.eject(requestId);
      instance.interceptors.response.eject(responseId);
    },
  };
}

/** axios copies request headers into its errors (config, raw request head, redirect options): take them out. */
function redact(error: AxiosError, secrets: readonly string[]): void {
  error.config?.headers?.set?.('authorization', REDACTED);
  // Sockets and agents hang off `request`; keep it reachable but out of logs and `util.inspect`.
  hideProperty(error, 'request');
  hideProperty(error.response, 'request');
  scrubSecrets(error, secrets);
}

/** Where follow-redirects is about to go, from the options it hands `beforeRedirect`. */
function redirectTarget(options: Record<string, unknown>): URL | undefined {
  try {
    if (typeof options.href === 'string') return new URL(options.href);
    return new URL(`${String(options.protocol)}//${String(options.host)}${String(options.path ?? '/')}`);
  } catch {
    return undefined;
  }
}

function signalOf(config: InternalAxiosRequestConfig): AbortSignal | undefined {
  return config.signal instanceof AbortSignal ? config.signal : undefined;
}
