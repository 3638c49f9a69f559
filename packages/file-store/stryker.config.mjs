// Mutation testing of the file store's lock, which keeps one refresh at a time across the processes of a host:
// `pnpm test:mutation`.
import { mutationConfig } from '../../tooling/mutation/config.mjs';

export default mutationConfig('file-store', ['src/file-lock.ts']);
