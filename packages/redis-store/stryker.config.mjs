// Mutation testing of the Redis store: its lock and fencing, which keep one refresh at a time across processes and
// hosts, and its reads and saves, against a real redis-server: `pnpm test:mutation`.
import { mutationConfig } from '../../tooling/mutation/config.mjs';

export default mutationConfig('redis-store', ['src/redis-store.ts']);
