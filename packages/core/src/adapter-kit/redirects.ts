// Redirects of fetch clients on a base with a path: fetch keeps every header on a redirect within the origin, so on
// the gateway (one origin for every cloudId and product) it would carry a token to another tenant's path. There the
// kit follows redirects itself, with the one rule for credentials.
import { isUnder } from './decide.js';
import { noAnswer, type RequestState } from './protocol.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** As many as fetch follows. */
const MAX_REDIRECTS = 20;
/** The headers dropped on a redirect that leaves the strategy's base. */
const CREDENTIALS = ['authorization', 'x-atlassian-token'];
/** The headers of a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/** A base on Atlassian's gateway: one origin for every tenant and product (`/ex/{product}/{cloudId}`, Assets). */
const ON_GATEWAY = /^\/(?:ex|jsm)\//;

/**
 * Whether the kit follows the redirects of a fetch request to `url` ({@link sendFollowing}, {@link followRedirects}):
 * it goes with credentials under `base` (undefined when it got none), a base on Atlassian's gateway, where fetch
 * would keep them on a redirect to another tenant's or product's path of the same origin; and the application lets
 * redirects be followed. Elsewhere fetch's own rule (credentials dropped on another origin) is the one needed.
 */
export function followsRedirects(
  base: URL | undefined,
  url: URL | string,
  redirect: RequestRedirect | undefined,
): boolean {
  return (
    base !== undefined &&
    ON_GATEWAY.test(base.pathname) &&
    (redirect ?? 'follow') === 'follow' &&
    isUnder(new URL(url), base)
  );
}

/** Sends `request` with `redirect: 'manual'` and follows its redirects ({@link followRedirects}). */
export async function sendFollowing(base: URL, request: Request, fetchImpl: typeof fetch): Promise<Response> {
  // A body is sent again after a 307 or 308: a copy is kept before the request takes it.
  const copy = request.clone();
  return followRedirects(
    base,
    copy,
    await fetchImpl(new Request(request, { redirect: 'manual' })),
    fetchImpl,
  );
}

/**
 * Follows the redirects of `response`, the answer to `request` (sent with `redirect: 'manual'`), as fetch would
 * (303, and 301 or 302 after a POST, turn into a GET without a body; at most 20), except that the credentials and
 * `X-Atlassian-Token` go only to targets under `base`, the strategy's. Handed on as it is: an answer that is not a
 * redirect, one a browser hides (`opaqueredirect`), and a 307 or 308 whose body was not kept.
 */
export async function followRedirects(
  base: URL,
  request: Request,
  response: Response,
  fetchImpl: typeof fetch,
): Promise<Response> {
  let current = request;
  let answer = response;
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    const location = answer.headers.get('location');
    if (!REDIRECTS.has(answer.status) || location === null) return answer;
    const toGet =
      answer.status === 303 ||
      ((answer.status === 301 || answer.status === 302) && current.method === 'POST');
    if (!toGet && current.bodyUsed) return answer;
    const target = new URL(location, current.url);
    const headers = new Headers(current.headers);
    if (!isUnder(target, base)) for (const name of CREDENTIALS) headers.delete(name);
    if (toGet) for (const name of BODY_HEADERS) headers.delete(name);
    await answer.body?.cancel();
    const body = toGet ? null : current.body;
    const next = new Request(target, {
      method: toGet && current.method !== 'HEAD' ? 'GET' : current.method,
      headers,
      body,
      signal: current.signal,
      redirect: 'manual',
      // Node's fetch needs it for a stream body.
      ...(body ? { duplex: 'half' } : {}),
    } as RequestInit);
    // The next hop may send the body again: a copy is kept before this one takes it.
    current = next.clone();
    answer = await fetchImpl(next);
  }
  return answer;
}

/**
 * Sends an authorized fetch request the way the kit wants it sent: its redirects followed here when
 * {@link followsRedirects} says so, and a request that gets no answer (a network error, an abort) reported with
 * {@link noAnswer}. `input` is a `Request`, or a URL with `init` (fetch then builds the request itself).
 */
export function sendFetch(
  state: RequestState,
  fetchImpl: typeof fetch,
  input: Request | URL,
  init: RequestInit = {},
): Promise<Response> {
  const request = input instanceof Request;
  const sending = followsRedirects(
    state.authenticated ? state.base : undefined,
    request ? input.url : input,
    request ? input.redirect : init.redirect,
  )
    ? sendFollowing(
        state.base,
        request
          ? input
          : // Node's fetch needs `duplex` for a stream body.
            new Request(
              input,
              init.body instanceof ReadableStream ? ({ ...init, duplex: 'half' } as RequestInit) : init,
            ),
        fetchImpl,
      )
    : fetchImpl(request ? input : input.href, init);
  return sending.catch((error: unknown) => {
    noAnswer(state);
    throw error;
  });
}
