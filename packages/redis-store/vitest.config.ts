import { defineConfig } from 'vitest/config';

// Real redis-server processes and worker processes: generous timeouts for a loaded 2-core CI machine.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
