import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The tests a mutant runs against: core's own, and the conformance suite through the fetch adapter
// (test/conformance.mutation.ts) with `@jira-auth/core` and its subpaths aliased to this folder's source instead
// of the built package, so the adapter the suite drives runs the mutants and none needs a rebuild. Left out: the
// test of the emulator's command (other processes, nothing of core's decisions), which would only make every
// mutant slower.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@jira-auth\/core$/, replacement: source('./src/index.ts') },
      { find: /^@jira-auth\/core\/adapter-kit$/, replacement: source('./src/adapter-kit/index.ts') },
      { find: /^@jira-auth\/core\/store-kit$/, replacement: source('./src/store-kit.ts') },
      { find: /^@jira-auth\/core\/types$/, replacement: source('./src/types.ts') },
      { find: /^@jira-auth\/core\/limiter$/, replacement: source('./src/limiter.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'test/conformance.mutation.ts'],
    exclude: ['**/node_modules/**', 'test/emulator-bin.test.ts'],
    testTimeout: 30_000,
  },
});
