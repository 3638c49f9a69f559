// Sending a rate-limited request again: the waits, and the `rate-limited` event for each limit met.
import { emit, eventUrl } from './events.js';
import {
  type RateLimitReading,
  type ResponseLike,
  type RetryPolicy,
  rateLimitOf,
  retryDelay,
} from './rate-limit.js';
import { sleep } from './sleep.js';
import type { AuthStrategy } from './strategy.js';

/**
 * Sends a request again while its answer is a rate limit the policy retries, waiting as {@link retryDelay} says.
 * `send` sends it once more and gives the answer's status and headers; `discard` frees an answer that will not be
 * handed on (its body, its connection). The last answer is returned, rate limit or not.
 */
export async function retryRateLimited<Answer extends ResponseLike>(
  answer: Answer,
  request: RetriedRequest,
  policy: RetryPolicy,
  send: () => Promise<Answer>,
  discard: (answer: Answer) => unknown = () => undefined,
): Promise<Answer> {
  const counters = { attempt: 0, waitedMs: 0 };
  let current = answer;
  while (await waitToRetry(current, request, policy, counters, () => discard(current)))
    current = await send();
  return current;
}

/**
 * For adapters whose client sends a request again itself (axios's `instance.request(config)`): waits as
 * {@link retryDelay} says and counts the attempt in `counters`, then resolves true; resolves false at once when the
 * answer is not to be retried. `beforeWait` runs once the retry is decided, before the wait (to free the answer).
 * Hand the answer to `settle` first: that is where a rate limiter learns from it.
 */
export async function waitToRetry(
  answer: ResponseLike,
  request: RetriedRequest,
  policy: RetryPolicy,
  counters: { attempt: number; waitedMs: number },
  beforeWait?: () => unknown,
): Promise<boolean> {
  // A limiter learns from the answer in settle(), which sees every answer first.
  const reading = rateLimitOf(answer);
  const delay = retryDelay(
    reading,
    { method: request.method, attempt: counters.attempt, waitedMs: counters.waitedMs },
    policy,
  );
  reportRateLimit(request, reading, delay);
  if (delay === undefined) return false;
  await beforeWait?.();
  await sleep(delay, request.signal);
  counters.attempt += 1;
  counters.waitedMs += delay;
  return true;
}

/** A request an adapter may send again: its strategy and URL are for the `rate-limited` event. */
export interface RetriedRequest {
  readonly method: string;
  readonly signal?: AbortSignal | null | undefined;
  readonly strategy?: AuthStrategy | undefined;
  readonly url?: URL | string | undefined;
}

/** The `rate-limited` event for an answer that is a rate limit: `delay` is the wait before it is sent again, if it is. */
export function reportRateLimit(
  request: RetriedRequest,
  reading: RateLimitReading,
  delay: number | undefined,
): void {
  if (!reading.limited || !request.strategy) return;
  emit(request.strategy, {
    type: 'rate-limited',
    strategy: request.strategy.kind,
    method: request.method.toUpperCase(),
    url: request.url === undefined ? '' : eventUrl(request.url),
    reading,
    retryInMs: delay,
  });
}
