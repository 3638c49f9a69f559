// Mutation testing of the typed client's middleware, which decides what each request carries (credentials, the
// no-check header, the scope check, the one retry): `pnpm test:mutation`. Incremental against the committed
// stryker-incremental.json; report under reports/mutation/openapi-fetch/. The message ignorer is core's.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Every test file, not only those vitest finds related to the mutated file: the conformance cases reach the
  // middleware through an alias, which vitest's related-files search does not follow.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', '../core/stryker/message-ignorer.mjs'],
  ignorers: ['messages'],
  mutate: ['src/middleware.ts'],
  coverageAnalysis: 'perTest',
  // As in core: module-level constants are active only while a module loads, which the vitest runner does once.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: '../../reports/mutation/openapi-fetch/index.html' },
  jsonReporter: { fileName: '../../reports/mutation/openapi-fetch/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  concurrency: 2,
};
