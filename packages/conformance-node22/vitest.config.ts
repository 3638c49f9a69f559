import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Installed from npm, @jira-auth/ky imports the application's ky (its peer). In this workspace it is a link to
// packages/ky, which would import that package's own ky 1 dev copy: point every `ky` at this leg's ky 2, as npm would.
const ky2 = createRequire(import.meta.url).resolve('ky');

export default defineConfig({
  resolve: { alias: [{ find: /^ky$/, replacement: ky2 }] },
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
