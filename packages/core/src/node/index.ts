/**
 * Node-only parts of the core: the file token store.
 * @packageDocumentation
 * @module @jira-auth/core/node
 */
// Node-only parts of @jira-auth/core: they use node:fs and node:crypto, so they stay out of the main entry.

export type { FileLockOptions } from './file-lock.js';
export { type FileStoreOptions, fileStore } from './file-store.js';
