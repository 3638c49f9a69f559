import { defineConfig } from 'vitest/config';

// Tests that start processes: generous timeouts, for a loaded 2-core CI machine.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
