// The adapter kit's internals, for the tests that pin them one by one, and the older single-step helpers written
// on the protocol (authorize, settle, settleFetch), so that those tests exercise the protocol's own code.

import { guardHeaders } from '../src/adapter-kit/decide.js';
import { aimAt, aimGivenUrl } from '../src/adapter-kit/placeholder.js';
import { type FetchRequestState, RequestState, settle, settleFetch } from '../src/adapter-kit/protocol.js';
import { jiraAuthReason } from '../src/adapter-kit/reason.js';
import type { FetchRequestCopy } from '../src/adapter-kit/replay.js';
import type { JiraAuthError } from '../src/errors.js';
import type { AuthRequest, AuthStrategy } from '../src/strategy.js';

export {
  authorizeRequest,
  baseOf,
  decideOnResponse,
  isMultipart,
  knownBase,
  needsDecision,
} from '../src/adapter-kit/decide.js';
export { toHeaders } from '../src/adapter-kit/headers.js';
export {
  authorize,
  authorizeFetch,
  finish,
  JIRA_PLACEHOLDER,
  joinUrl,
  livePlaceholder,
  mayRecover,
  rememberReason,
  retryPolicyOf,
  retryRateLimited,
  settle,
  settleFetch,
  waitToRetry,
} from '../src/adapter-kit/index.js';
export { aimRequest, isAimedAtPlaceholder } from '../src/adapter-kit/placeholder.js';
export { jiraAuthReason } from '../src/adapter-kit/reason.js';
export {
  attachReason,
  hideProperty,
  REDACTED,
  redactHeaderRecord,
  redactRequest,
  scrubSecrets,
  secretsOf,
} from '../src/adapter-kit/redact.js';
export { copyForReplay, isReplayableBody, keepForReplay, reusableBody } from '../src/adapter-kit/replay.js';
export { jiraAuthErrorOf } from '../src/errors.js';
export { isAbsoluteUrl } from '../src/url.js';

export const aimAtGivenUrl = aimGivenUrl;
export const guardRedirect = guardHeaders;

export async function aimAtBase(
  strategy: AuthStrategy,
  url: string | URL,
  signal?: AbortSignal | null,
): Promise<URL | undefined> {
  return aimAt(strategy, url, signal);
}

/** A state for a request that got credentials, as `authorize` leaves it, for a request given whole. */
function stateOf(
  strategy: AuthStrategy,
  request: AuthRequest & { readonly body?: unknown },
  retried: boolean,
): RequestState {
  const state = new RequestState(strategy, request, {
    authenticated: true,
    headers: {},
    secrets: [],
    base: new URL(request.url.origin),
  });
  state.retried = retried;
  return state;
}

/** `settle` on a response given as status, header record and body; a retry shown as `{ action: 'retry' }`. */
export async function decideOnRecord(
  strategy: AuthStrategy,
  request: AuthRequest,
  status: number,
  headers: unknown,
  body: unknown,
  retried: boolean,
): Promise<{ action: 'pass' } | { action: 'retry' } | { action: 'fail'; error: JiraAuthError }> {
  const settled = await settle(stateOf(strategy, request, retried), { status, headers, body });
  return settled.action === 'retry' ? { action: 'retry' } : settled;
}

/** `settleFetch` for a request kept with `copyForReplay`. */
export async function settleFetchResponse(
  strategy: AuthStrategy,
  copy: FetchRequestCopy,
  response: Response,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<{ response: Response; retried: boolean; reason: JiraAuthError | undefined; secrets: string[] }> {
  const state = Object.assign(
    stateOf(
      strategy,
      {
        url: copy.url,
        method: copy.method,
        headers: copy.headers,
        // A copy that cannot be sent again stands for a stream body.
        body: copy.replayable ? copy.body : new ReadableStream(),
      },
      false,
    ),
    { send: new Request(copy.url, { method: copy.method }), copy },
  ) as FetchRequestState;
  const answer = await settleFetch(state, response, fetchImpl);
  return {
    response: answer,
    retried: answer !== response,
    reason: jiraAuthReason(answer),
    secrets: state.secrets,
  };
}

/** `settle` on a failure alone, the way an error hook decides without a response hook. */
export async function failureReason(
  strategy: AuthStrategy,
  request: Pick<FetchRequestCopy, 'url' | 'method' | 'headers'>,
  response: Response,
  body?: unknown,
): Promise<JiraAuthError | undefined> {
  const settled = await settle(stateOf(strategy, request, false), response, body);
  return settled.action === 'fail' ? settled.error : undefined;
}
