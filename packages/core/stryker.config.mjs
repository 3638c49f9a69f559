// Mutation testing of the code that guards tokens and credentials: `pnpm test:mutation`. Incremental against the
// committed stryker-incremental.json, so an unchanged file costs nothing; reports under reports/mutation/core/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Every test file, not only those vitest finds related to the mutated files: the conformance suite reaches core
  // through an alias, which vitest's related-files search does not follow.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', './stryker/message-ignorer.mjs'],
  ignorers: ['messages'],
  // The files that guard tokens and credentials: the token source, the adapter kit's decisions, replay and
  // scrubbing, the token endpoint, the URL and secret checks, and the strategies; against core's tests and the
  // conformance suite (see vitest.mutation.config.ts).
  mutate: [
    'src/oauth/token-source.ts',
    'src/oauth/token-endpoint.ts',
    'src/adapter-kit/decide.ts',
    'src/adapter-kit/replay.ts',
    'src/adapter-kit/redact.ts',
    'src/url.ts',
    'src/secret.ts',
    'src/basic-auth.ts',
    'src/bearer-auth.ts',
    'src/static-header.ts',
    'src/access-token.ts',
    'src/oauth/oauth2.ts',
    'src/oauth/client-credentials.ts',
    'src/oauth/data-center.ts',
  ],
  coverageAnalysis: 'perTest',
  // A mutant of a module-level constant (a regex, a symbol) is active only while the module loads, and the vitest
  // runner does not load modules again per mutant: such a mutant could never be killed, whatever the tests. They are
  // left out here; the constants are pinned by direct tests (test/checks.test.ts, test/replay.test.ts, ...).
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: '../../reports/mutation/core/index.html' },
  jsonReporter: { fileName: '../../reports/mutation/core/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
  concurrency: 2,
};
