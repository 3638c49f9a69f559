import type { AuthStrategy } from '../strategy.js';
import { isAbsoluteUrl, joinUrl } from '../url.js';
import { baseOf, knownBase } from './decide.js';
import { isReplayableBody, reusableBody } from './replay.js';

/**
 * got, ky and openapi-fetch resolve relative URLs before any hook runs, while a strategy's base URL may need a lookup
 * (the cloudId). Their requests are first aimed at this placeholder, which never resolves (`.invalid`, RFC 2606),
 * and re-aimed with {@link aimAtBase} once the base URL is known.
 */
export const JIRA_PLACEHOLDER = 'https://jira-auth.invalid/';

/**
 * Where a request aimed at {@link JIRA_PLACEHOLDER} goes: its path joined to the strategy's base URL (keeping
 * `/ex/jira/{cloudId}` or a context path), at once (no promise) once the base URL is known. Undefined for any other
 * URL, which is left as it is. A client that must aim synchronously (got streams) uses it only when it is a `URL`.
 */
export function aimAt(
  strategy: AuthStrategy,
  url: string | URL,
  signal?: AbortSignal | null,
): URL | Promise<URL> | undefined {
  if (!isAimedAtPlaceholder(url)) return undefined;
  const base = baseOf(strategy, signal ?? undefined);
  return base instanceof URL ? below(base, url) : base.then((known) => below(known, url));
}

/**
 * {@link JIRA_PLACEHOLDER} for a client that turns its base URL option into a string on every request and joins it
 * to the path as a string (ky 1's `prefixUrl`, ky 2's `prefix`): the strategy's base URL once it is known, so every
 * later request is built for it and needs no second `Request`. Not for a client that resolves the path as a URL
 * against it (ky 2's `baseUrl`, openapi-fetch): a path that starts with `/` would lose the base URL's own path there.
 */
export function livePlaceholder(strategy: AuthStrategy): { toString(): string } {
  return { toString: () => knownBase(strategy)?.href ?? JIRA_PLACEHOLDER };
}

/**
 * A request from a client given {@link livePlaceholder}, made again for the absolute URL the application gave as a
 * string: the client joins that to the prefix like any path (`https://jira-auth.invalid/https://elsewhere.example/x`).
 * Any other request is returned as it is, at once (no promise).
 */
export function aimGivenUrl(
  strategy: AuthStrategy,
  request: Request,
  appBody?: unknown,
): Request | Promise<Request> {
  const { url } = request;
  // Only a URL with a second `://` in it can be one: nearly every request is done here.
  if (!url.includes('://', 8)) return request;
  const href = knownBase(strategy)?.href;
  // The client joins with one slash: a base URL with a path of its own has none at its end.
  const prefix =
    url.startsWith(JIRA_PLACEHOLDER) || href === undefined
      ? JIRA_PLACEHOLDER
      : href.endsWith('/')
        ? href
        : `${href}/`;
  const given = url.startsWith(prefix) ? url.slice(prefix.length) : '';
  return isAbsoluteUrl(given) ? requestTo(given, request, appBody) : request;
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
export async function aimRequest(
  strategy: AuthStrategy,
  request: Request,
  appBody?: unknown,
): Promise<Request> {
  const url = await aimAt(strategy, request.url, request.signal);
  return url ? requestTo(url, request, appBody) : request;
}

/**
 * `request` made again for `url`, with its method, headers, body, signal and redirect: the body goes with its
 * length, as the client would have sent it (the application's string or bytes when `appBody` is one, else the
 * request's bytes). Only a stream (`appBody` one) stays a stream, sent chunked as the client sends it too.
 */
async function requestTo(url: URL | string, request: Request, appBody?: unknown): Promise<Request> {
  const stream = !isReplayableBody(appBody);
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: request.body && !stream ? (reusableBody(appBody) ?? (await request.arrayBuffer())) : request.body,
    signal: request.signal,
    redirect: request.redirect,
    // fetch wants to be told a stream body is sent as one.
    ...(stream ? { duplex: 'half' } : {}),
  } as RequestInit);
}
