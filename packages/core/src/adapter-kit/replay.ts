import { BodyNotReplayableError } from '../errors.js';

/**
 * Whether a request body, as the application gave it, can be sent a second time for the one retry after a 401.
 * Strings, bytes, `Blob`, `FormData`, `URLSearchParams` and plain objects can; streams (Node streams, web
 * `ReadableStream`, async iterators) are consumed by the first send and cannot.
 */
export function isReplayableBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return true;
  if (typeof (body as { pipe?: unknown }).pipe === 'function') return false;
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return false;
  return !(Symbol.asyncIterator in body);
}

/** The reason a 401 that fresh credentials could fix fails anyway: the body was a stream, already sent. */
export function bodyNotReplayable(): BodyNotReplayableError {
  return new BodyNotReplayableError(
    'Jira answered 401 and fresh credentials are ready, but the request body was a stream that is already sent: send a string, bytes, Blob, JSON or FormData body to allow the one retry',
  );
}

/** A request as a fetch-based adapter (ky, openapi-fetch, fetch) keeps it for the one retry. */
export interface FetchRequestCopy {
  readonly url: URL;
  readonly method: string;
  /** The headers the request was sent with. */
  readonly headers: Headers;
  /**
   * The body for the one retry: the application's own when it can be sent again as it is (a string, bytes,
   * `URLSearchParams`), a copy of the encoded body taken before the first send otherwise; undefined for none.
   */
  readonly body: BodyInit | undefined;
  /** False for a one-shot stream body: the 401 then fails with `BodyNotReplayableError`. */
  readonly replayable: boolean;
  readonly signal?: AbortSignal | null | undefined;
  readonly redirect?: RequestRedirect | undefined;
}

/**
 * What a fetch-based adapter keeps of a request before sending it, for the one retry: call it before the request's
 * body is consumed. `appBody` is the body as the application gave it (a stream there is not copied, so that the
 * request still streams); without it the `Request`'s own body is copied.
 */
export async function copyForReplay(request: Request, appBody?: unknown): Promise<FetchRequestCopy> {
  const replayable = isReplayableBody(appBody);
  return {
    url: new URL(request.url),
    method: request.method,
    headers: request.headers,
    body:
      request.body && replayable
        ? (reusableBody(appBody) ?? (await request.clone().arrayBuffer()))
        : undefined,
    replayable,
    signal: request.signal,
    redirect: request.redirect,
  };
}

/**
 * {@link copyForReplay}, at once (no promise) for a request without a body, as most are: an adapter that awaits it
 * waits only when there is a body to copy. `url` is the request's URL when the adapter has parsed it already.
 */
export function keepForReplay(
  request: Request,
  appBody?: unknown,
  url?: URL,
): FetchRequestCopy | Promise<FetchRequestCopy> {
  if (request.body || appBody !== undefined) return copyForReplay(request, appBody);
  return {
    url: url ?? new URL(request.url),
    method: request.method,
    headers: request.headers,
    body: undefined,
    replayable: true,
    signal: request.signal,
    redirect: request.redirect,
  };
}

/**
 * A body that can be sent again as the application gave it, with the same headers: no copy needed. (A `FormData`
 * or `Blob` is encoded anew with a new boundary or type, which the kept headers would not match: those are copied.)
 */
export function reusableBody(body: unknown): BodyInit | undefined {
  if (typeof body === 'string' || body instanceof ArrayBuffer || body instanceof URLSearchParams) return body;
  if (ArrayBuffer.isView(body)) return body as BodyInit;
  return undefined;
}
