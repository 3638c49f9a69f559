/**
 * The behaviour every jira-auth adapter must show, as a vitest suite: write a driver for your HTTP client (it only
 * translates a request and its answer), then `runAdapterContract(myDriver)` in a test file. Every case runs against
 * `@jira-auth/emulator`'s real HTTP servers on loopback.
 * @packageDocumentation
 * @module @jira-auth/adapter-contract
 */
export type { AdapterDriver, DriverClient, DriverRequest, DriverResponse } from './driver.js';
export { authorizeCloud } from './oauth-suite.js';
export { runAdapterContract } from './suite.js';
