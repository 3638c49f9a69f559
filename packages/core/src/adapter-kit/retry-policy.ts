import type { RetryPolicy } from '../rate-limit.js';

/**
 * An adapter's `retry` option as a policy: `true` for the defaults, a policy as it is, anything else (`false`,
 * unset) for none: rate-limited requests are then handed on.
 */
export function retryPolicyOf(option: boolean | RetryPolicy | undefined): RetryPolicy | undefined {
  return option === true ? {} : option || undefined;
}
