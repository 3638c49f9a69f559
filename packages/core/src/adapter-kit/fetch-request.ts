import type { AuthStrategy } from '../strategy.js';
import { type AuthorizedHeaders, authorizeRequest } from './decide.js';
import { aimRequest, isAimedAtPlaceholder } from './placeholder.js';
import { type FetchRequestCopy, keepForReplay } from './replay.js';

/** A fetch `Request` made ready to send by {@link authorizeFetchRequest}. */
export interface AuthorizedFetchRequest extends AuthorizedHeaders {
  /** The request to send: the one given, or the one made again for the strategy's base URL. */
  readonly request: Request;
  /** Where it goes, how and with which headers: what a decision on its answer reads. */
  readonly sent: Pick<FetchRequestCopy, 'url' | 'method' | 'headers'>;
  /** What the one retry sends: with `keep`, for a request that got credentials; undefined otherwise. */
  readonly copy: FetchRequestCopy | undefined;
}

/**
 * What an adapter of a fetch-style client (ky, openapi-fetch) does before a request goes out: the request is made
 * again for the strategy's base URL while it is still aimed at the placeholder, gets the strategy's
 * headers (only on the strategy's origin), and with `keep`, what the one retry needs is kept before the body is
 * read. `appBody` is the body as the application gave it. Waits only where there is something to wait for.
 */
export async function authorizeFetchRequest(
  strategy: AuthStrategy,
  request: Request,
  options: { readonly appBody?: unknown; readonly keep?: boolean } = {},
): Promise<AuthorizedFetchRequest> {
  const { appBody } = options;
  const target = isAimedAtPlaceholder(request.url) ? await aimRequest(strategy, request, appBody) : request;
  const sent = { url: new URL(target.url), method: target.method, headers: target.headers };
  // No spread with a property after it on a hot path: about 1 µs on Node 20 (docs/guide/performance.md).
  const authorized = await authorizeRequest(strategy, {
    url: sent.url,
    method: sent.method,
    headers: sent.headers,
    body: appBody,
  });
  for (const name in authorized.headers) target.headers.set(name, authorized.headers[name] as string);
  const copy =
    options.keep && authorized.authenticated ? keepForReplay(target, appBody, sent.url) : undefined;
  return {
    authenticated: authorized.authenticated,
    headers: authorized.headers,
    secrets: authorized.secrets,
    request: target,
    sent,
    copy: copy instanceof Promise ? await copy : copy,
  };
}
