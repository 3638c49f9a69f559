/**
 * Strategies whose credential never changes (API tokens, passwords, PATs): fresh credentials cannot fix a 401, so an
 * adapter need not watch every response for one. Kept by identity: a `{ ...strategy }` copy with a new
 * `unauthorized` is not in it, and is watched.
 */
const fixed = new WeakSet<object>();

/** Marks a strategy whose 401 is always final. */
export function markFixed(strategy: object): void {
  fixed.add(strategy);
}

/**
 * Whether a 401 to this strategy's request may be fixed by fresh credentials (and one retry): false for core's
 * API-token, password and PAT strategies. An adapter whose client charges for watching every response (ky clones
 * each one for a response hook) decides on failures only when it is false.
 */
export function mayRecover(strategy: object): boolean {
  return !fixed.has(strategy);
}
