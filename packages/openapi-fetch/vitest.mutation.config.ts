import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The tests a mutant runs against: the package's own runtime tests, and the conformance suite's openapi-fetch cases
// (test/conformance.mutation.ts) with `@jira-auth/openapi-fetch` aliased to this folder's source instead of the
// built package, so the mutants are what the suite drives and none needs a rebuild. Type tests check the generated
// types, which no mutant of the middleware changes, and the spec update test checks the vendored specs.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@jira-auth\/openapi-fetch$/,
        replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'test/conformance.mutation.ts'],
    exclude: ['**/node_modules/**', 'test/spec-update.test.ts'],
    testTimeout: 30_000,
  },
});
