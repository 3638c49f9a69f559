/**
 * The adapter protocol: what every HTTP-client adapter does, in the same order, so that axios, got, ky,
 * openapi-fetch, fetch and third-party adapters behave the same. An adapter only translates its client's hooks:
 *
 * 1. before a request goes out, {@link authorize} (or {@link authorizeFetch} for a client of fetch `Request`s), and
 *    set the state's `headers` on the request; keep the state with the request;
 * 2. before the client follows a redirect, {@link guardRedirect};
 * 3. on the response, {@link settle} (or {@link settleFetch}): pass it on, send it once more with the headers it
 *    gives, or fail with its reason;
 * 4. on the client's error, {@link finish}: the reason attached, the request hidden, the secrets scrubbed.
 *
 * The "Write an adapter" guide builds one step by step; `@jira-auth/adapter-contract` proves it.
 * @packageDocumentation
 * @module @jira-auth/core/adapter-kit
 */

// The errors an adapter throws itself, so that an adapter needs no import from the main entry (start-up).
export { ConfigurationError, ScopeMissingError } from '../errors.js';
export type { RetryPolicy } from '../rate-limit.js';
export { limiterOf } from '../rate-limiter.js';
export { mayRecover } from '../recovery.js';
export { retryRateLimited, waitToRetry } from '../retry.js';
export { joinUrl } from '../url.js';
export { baseOf, knownBase } from './decide.js';
export { aimAt, JIRA_PLACEHOLDER, livePlaceholder } from './placeholder.js';
export {
  authorize,
  authorizeFetch,
  type FetchRequestState,
  finish,
  guardRedirect,
  noAnswer,
  type OutgoingRequest,
  type RequestState,
  type ResponseLike,
  type Settlement,
  settle,
  settleFetch,
} from './protocol.js';
export { rememberReason } from './reason.js';
export { followRedirects, followsRedirects, sendFetch, sendFollowing } from './redirects.js';
export { retryPolicyOf } from './retry-policy.js';
