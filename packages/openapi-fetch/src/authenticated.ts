import type { AuthStrategy } from '@jira-auth/core';
import { knownBase } from '@jira-auth/core/adapter-kit';
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import {
  type ApiProfile,
  authMiddleware,
  JIRA_API,
  JIRA_PLACEHOLDER,
  type JiraAuthMiddlewareOptions,
} from './middleware.js';

export interface JiraClientOptions extends ClientOptions, JiraAuthMiddlewareOptions {
  /** The strategy: it also gives the base URL (the site, the gateway, or a Data Center base). */
  auth: AuthStrategy;
  /**
   * Where paths go, when not the strategy's base URL (found when the first request needs it). Credentials are sent
   * only if it is on the strategy's origin.
   */
  baseUrl?: string;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * openapi-fetch's client for `Paths`, authenticated by `options.auth` and aimed at its base URL; headers and scopes
 * from `profile` (Jira's unless a product client says otherwise).
 */
export function authenticated<Paths extends {}>(
  options: JiraClientOptions,
  profile: ApiProfile = JIRA_API,
): Client<Paths> {
  const { auth, operations, retry, ...clientOptions } = options;
  const client = createClient<Paths>({
    ...clientOptions,
    baseUrl: clientOptions.baseUrl ?? JIRA_PLACEHOLDER,
  });
  client.use(
    authMiddleware(auth, { ...(operations ? { operations } : {}), ...(retry ? { retry } : {}) }, profile),
  );
  if (clientOptions.baseUrl !== undefined) return client;
  // Requests start at the placeholder until the strategy's base URL is known (it may need a cloudId lookup), and
  // the middleware re-aims them; once it is known, they go there directly, with no second Request to build.
  const withBase = <Init>(init: Init): Init => {
    const base = knownBase(auth);
    return base && !(init as { baseUrl?: unknown } | undefined)?.baseUrl
      ? (Object.assign({}, init, { baseUrl: base.href }) as Init)
      : init;
  };
  const methods = client as unknown as Record<string, (path: unknown, init?: unknown) => unknown>;
  for (const method of METHODS) {
    const send = methods[method];
    if (send) methods[method] = (path, init) => send(path, withBase(init));
  }
  const request = (client as { request?: (method: unknown, path: unknown, init?: unknown) => unknown })
    .request;
  if (request) {
    (client as { request: typeof request }).request = (method, path, init) =>
      request(method, path, withBase(init));
  }
  return client;
}
