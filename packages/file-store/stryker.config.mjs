// Mutation testing of the file store's lock, which keeps one refresh at a time across the processes of a host:
// `pnpm test:mutation`. Incremental against the committed stryker-incremental.json; report under
// reports/mutation/file-store/. The message ignorer is core's.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner', '../core/stryker/message-ignorer.mjs'],
  ignorers: ['messages'],
  mutate: ['src/file-lock.ts'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: '../../reports/mutation/file-store/index.html' },
  jsonReporter: { fileName: '../../reports/mutation/file-store/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  concurrency: 2,
};
