import { defineConfig } from 'vitest/config';

// The tests a mutant runs against: those that run the lock in this process. The tests with other processes load the
// built package in those processes, where no mutant is, and would only make every mutant slower.
export default defineConfig({
  test: {
    include: ['test/file-lock.test.ts', 'test/file-store.test.ts', 'test/contract.test.ts'],
    testTimeout: 60_000,
  },
});
