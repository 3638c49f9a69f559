import type { AuthStrategy } from '@jira-auth/core';
import {
  authorize,
  baseOf,
  finish,
  guardRedirect,
  joinUrl,
  type RequestState,
  type RetryPolicy,
  retryPolicyOf,
  settle,
  waitToRetry,
} from '@jira-auth/core/adapter-kit';
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

/** Per-request state, kept on the config under a string key: axios copies such keys when a request is re-sent. */
const STATE = 'jiraAuth';

interface AxiosState extends RequestState {
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

type Config = InternalAxiosRequestConfig & { [STATE]?: AxiosState };

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
  const policy = retryPolicyOf(options.retry);
  /** This adapter's redirect hooks, each with the application's hook it calls. */
  const ownHooks = new WeakMap<object, Config['beforeRedirect']>();

  const requestId = instance.interceptors.request.use(async (config: Config) => {
    // Known after the first request: no wait on the later ones.
    const known = baseOf(strategy, signalOf(config));
    const base = known instanceof URL ? known : await known;
    const url = config.url ?? '';
    if (!config.baseURL && !/^[a-z][a-z\d+\-.]*:\/\//i.test(url)) config.baseURL = base.href;
    // A re-sent config still carries the credentials of its first attempt: start clean.
    config.headers.delete('authorization');
    const type = config.headers.get('content-type');
    const state = await authorize(
      strategy,
      {
        // Where the request goes: what axios's getUri gives, without re-merging the config.
        url: joinUrl(config.baseURL ?? base.href, url),
        method: config.method ?? 'get',
        body: config.data,
        // The one header the kit reads before sending (to tell uploads apart): converting them all costs more.
        headers: typeof type === 'string' ? new Headers({ 'content-type': type }) : undefined,
        signal: signalOf(config),
      },
      config[STATE],
    );
    if (!state.authenticated) {
      delete config[STATE];
      return config;
    }
    for (const [name, value] of Object.entries(state.headers)) config.headers.set(name, value);
    config[STATE] = Object.assign(state, { rate: config[STATE]?.rate ?? { attempt: 0, waitedMs: 0 } });
    // A retried config already carries this adapter's hook: wrap the application's own one, once.
    const current = config.beforeRedirect;
    const userBeforeRedirect = current && ownHooks.has(current) ? ownHooks.get(current) : current;
    config.beforeRedirect = (options, responseDetails, requestDetails) => {
      guardRedirect(state, options.headers as Record<string, unknown> | undefined, redirectTarget(options));
      userBeforeRedirect?.(options, responseDetails, requestDetails);
    };
    ownHooks.set(config.beforeRedirect, userBeforeRedirect);
    return config;
  });

  /** The response settled: a retried request's response, the reason it failed, or undefined to hand it on. */
  const settleAxios = async (response: AxiosResponse): Promise<AxiosResponse | Error | undefined> => {
    const config = response.config as Config;
    const state = config[STATE];
    if (!state) return undefined;
    const { method = 'get' } = config;
    // With a policy, waitToRetry reports a rate limit with its wait, and settle does not.
    state.retriesRateLimits = Boolean(policy && state.replayable);
    const settlement = await settle(state, {
      status: response.status,
      headers: response.headers,
      body: response.data,
    });
    if (settlement.action === 'retry') return instance.request(config);
    if (settlement.action === 'fail') return settlement.error;
    if (
      policy &&
      state.retriesRateLimits &&
      (await waitToRetry(
        response,
        { method, signal: signalOf(config), strategy, url: state.request.url },
        policy,
        state.rate,
      ))
    )
      return instance.request(config);
    return undefined;
  };

  const responseId = instance.interceptors.response.use(
    async (response) => {
      const outcome = await settleAxios(response);
      // A 401 the application accepts (validateStatus) may still be retried once; a reason is not thrown.
      return outcome && !(outcome instanceof Error) ? outcome : response;
    },
    async (error: AxiosError) => {
      const state = (error.config as Config | undefined)?.[STATE];
      let outcome: unknown;
      try {
        outcome = error.response ? await settleAxios(error.response) : undefined;
      } catch (failure) {
        outcome = failure;
      }
      if (outcome !== undefined && !(outcome instanceof Error)) return outcome;
      if (outcome instanceof Error && state) state.reason ??= outcome as RequestState['reason'];
      await finish(error, state, { headers: error.config?.headers });
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
