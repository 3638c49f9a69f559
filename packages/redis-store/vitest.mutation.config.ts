import { defineConfig } from 'vitest/config';

// The tests a mutant runs against: the store contract against one Redis server, the store's own tests, the outage
// and durability tests (a stall, a frozen replica, a Sentinel client's default). The Cluster's run would cost a
// cluster's start-up per mutant, and the fleet's and failover's worker processes load the built package, where no
// mutant is.
export default defineConfig({
  test: {
    include: [
      'test/contract.test.ts',
      'test/redis-store.test.ts',
      'test/outage.test.ts',
      'test/durability.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
