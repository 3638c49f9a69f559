// What every package's mutation run shares (core, openapi-fetch, file-store, redis-store): the vitest runner on the
// package's vitest.mutation.config.ts, the message ignorer, per-test coverage, static mutants left out (a module
// constant is active only while its module loads, which the vitest runner does once), incremental against the
// committed baseline in tooling/mutation/baselines/<package>.json, and reports under reports/mutation/<package>/.
import { fileURLToPath } from 'node:url';

/** Where a package's mutation reports go, from its folder: `index.html` and the `mutation.json` scores.mjs reads. */
export const reportsOf = (name) => `../../reports/mutation/${name}`;

/**
 * A package's Stryker options: `name` names its reports folder, `mutate` lists the files. `related: false` runs
 * every test file, for runs whose tests reach the source through an alias (vitest's related-files search does not
 * follow one).
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function mutationConfig(name, mutate, { related = true } = {}) {
  return {
    testRunner: 'vitest',
    vitest: { configFile: 'vitest.mutation.config.ts', related },
    plugins: [
      '@stryker-mutator/vitest-runner',
      fileURLToPath(new URL('./message-ignorer.mjs', import.meta.url)),
    ],
    ignorers: ['messages'],
    mutate,
    coverageAnalysis: 'perTest',
    ignoreStatic: true,
    incremental: true,
    incrementalFile: `../../tooling/mutation/baselines/${name}.json`,
    reporters: ['clear-text', 'html', 'json', 'progress'],
    htmlReporter: { fileName: `${reportsOf(name)}/index.html` },
    jsonReporter: { fileName: `${reportsOf(name)}/mutation.json` },
    thresholds: { high: 95, low: 90, break: null },
    concurrency: 2,
  };
}
