import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTokenStoreContract } from '@jira-auth/store-contract';
import { fileStore } from '../src/index.js';

// Each instance stands for another process on the same host, sharing one file.
const path = join(mkdtempSync(join(tmpdir(), 'jira-auth-contract-')), 'tokens.json');
runTokenStoreContract('fileStore', {
  makeStore: () => fileStore(path),
  // As a stale takeover does: the lock directory is gone, and the next holder makes its own.
  expireLock: async (key) => {
    const id = createHash('sha256').update(key).digest('hex').slice(0, 16);
    await rm(`${path}.${id}.refresh.lock`, { recursive: true, force: true });
  },
});
