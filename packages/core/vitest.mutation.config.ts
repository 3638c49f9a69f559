import { defineConfig } from 'vitest/config';

// The tests a mutant runs against: core's own, without the one that tests the emulator's command (other processes,
// nothing of core's decisions) and would only make every mutant slower.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], exclude: ['test/emulator-bin.test.ts'], testTimeout: 30_000 },
});
