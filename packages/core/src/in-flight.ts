/**
 * How long work shared by many requests (a token renewal, a cloudId lookup) may take before it is abandoned. It
 * runs under this timeout rather than any one caller's `AbortSignal`, so that one caller giving up never fails
 * the others. @default 30 s
 */
export const SHARED_WORK_TIMEOUT_MS = 30_000;

/**
 * Waits for `work` on behalf of one caller: rejects with the caller's abort reason as soon as its signal aborts,
 * while `work` itself goes on for everybody else (and completes, so a rotated token pair is still saved).
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Starts shared work once under its own timeout; a failure is forgotten so the next call tries again. */
export function sharedOnce<T>(
  start: (signal: AbortSignal) => Promise<T>,
  timeoutMs = SHARED_WORK_TIMEOUT_MS,
): (signal?: AbortSignal) => Promise<T> {
  let pending: Promise<T> | undefined;
  return (signal) => {
    if (!pending) {
      const work = start(AbortSignal.timeout(timeoutMs)).catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      // Every caller may have given up: the failure is theirs to see, never an unhandled rejection.
      work.catch(() => undefined);
      pending = work;
    }
    return abortable(pending, signal);
  };
}
