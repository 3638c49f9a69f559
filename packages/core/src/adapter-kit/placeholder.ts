import type { AuthStrategy } from '../strategy.js';
import { joinUrl } from '../url.js';
import { baseOf, knownBase } from './decide.js';

/**
 * got, ky and openapi-fetch resolve relative URLs before any hook runs, while a strategy's base URL may need a lookup
 * (the cloudId). Their requests are first aimed at this placeholder, which never resolves (`.invalid`, RFC 2606),
 * and re-aimed with {@link aimAtBase} once the base URL is known.
 */
export const JIRA_PLACEHOLDER = 'https://jira-auth.invalid/';

/**
 * The URL a request aimed at {@link JIRA_PLACEHOLDER} should go to: its path joined to the strategy's base URL
 * (keeping `/ex/jira/{cloudId}` or a context path). Undefined for any other URL, which is left as it is.
 */
export async function aimAtBase(
  strategy: AuthStrategy,
  url: string | URL,
  signal?: AbortSignal | null,
): Promise<URL | undefined> {
  if (!isAimedAtPlaceholder(url)) return undefined;
  return below(await baseOf(strategy, signal ?? undefined), url);
}

/**
 * {@link aimAtBase} without waiting, once the strategy's base URL is known: lets a client that must aim requests
 * synchronously (got streams) do so, and saves every other a wait. Undefined while the base URL is not known yet.
 */
export function aimAtKnownBase(strategy: AuthStrategy, url: string | URL): URL | undefined {
  const base = knownBase(strategy);
  if (!base || !isAimedAtPlaceholder(url)) return undefined;
  return below(base, url);
}

/** A placeholder URL's path (and query) below the base URL. */
function below(base: URL, url: string | URL): URL {
  return joinUrl(base, String(url).slice(JIRA_PLACEHOLDER.length - 1));
}

/** Whether a request still goes to {@link JIRA_PLACEHOLDER}, for clients that must know before going async. */
export function isAimedAtPlaceholder(url: string | URL | undefined): boolean {
  return url !== undefined && String(url).startsWith(JIRA_PLACEHOLDER);
}

/**
 * A fetch `Request` aimed at {@link JIRA_PLACEHOLDER}, made again for the strategy's base URL (method, headers,
 * body, signal and redirect kept); any other request is returned as it is.
 */
export async function aimRequest(strategy: AuthStrategy, request: Request): Promise<Request> {
  const url = await aimAtBase(strategy, request.url, request.signal);
  if (!url) return request;
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    redirect: request.redirect,
    // A body is a stream here: fetch wants to be told it is sent as one.
    ...(request.body ? { duplex: 'half' } : {}),
  } as RequestInit);
}
