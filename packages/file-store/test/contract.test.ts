import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTokenStoreContract } from '@jira-auth/store-contract';
import { fileStore } from '../src/index.js';

// Each instance stands for another process on the same host, sharing one file.
const path = join(mkdtempSync(join(tmpdir(), 'jira-auth-contract-')), 'tokens.json');
runTokenStoreContract('fileStore', { makeStore: () => fileStore(path) });
