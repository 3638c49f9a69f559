/**
 * A jira-auth token store in one JSON file, shared safely by the processes of one host.
 * @packageDocumentation
 * @module @jira-auth/file-store
 */
export type { FileLockOptions } from './file-lock.js';
export { type FileStoreOptions, fileStore } from './file-store.js';
