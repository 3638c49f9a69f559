import { defineConfig } from 'vitest/config';

// The built command runs as a child process: generous timeouts for a loaded 2-core CI machine.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
