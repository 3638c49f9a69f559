import { memoryStore } from '@jira-auth/core';
import { runTokenStoreContract } from '../src/index.js';

// One process's memory: every "instance" is the same store.
const shared = memoryStore();
runTokenStoreContract('memoryStore', { makeStore: () => shared });
