// Mutation testing of the Redis store: its lock and fencing, which keep one refresh at a time across processes and
// hosts, and its reads and saves: `pnpm test:mutation`. Incremental against the committed stryker-incremental.json;
// report under reports/mutation/redis-store/. The message ignorer is core's.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner', '../core/stryker/message-ignorer.mjs'],
  ignorers: ['messages'],
  mutate: ['src/redis-store.ts'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: '../../reports/mutation/redis-store/index.html' },
  jsonReporter: { fileName: '../../reports/mutation/redis-store/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  concurrency: 2,
};
