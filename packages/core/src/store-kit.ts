/**
 * For authors of a `TokenStore` (a database, a secrets manager): the compare-and-set rule every store's `set`
 * follows, and the error it throws when another process saved first. `@jira-auth/store-contract` proves a store.
 * @packageDocumentation
 * @module @jira-auth/core/store-kit
 */

export {
  type LockHeld,
  mayReplace,
  type SetCondition,
  sameTokenSet,
  supersededError,
} from './token-store.js';
