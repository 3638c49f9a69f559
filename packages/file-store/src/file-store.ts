import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type TokenSet, type TokenStore, TokenStoreError } from '@jira-auth/core';
import { type FileLockOptions, withFileLock } from './file-lock.js';

interface StoreFile {
  version: 1;
  tokens: Record<string, TokenSet>;
}

export interface FileStoreOptions {
  /** How long to wait for another process's refresh or write. */
  lock?: FileLockOptions;
}

/**
 * Token sets in one JSON file, for CLIs and single-host services: written atomically (a temp file renamed over
 * the old one), readable by the owner only (mode 0600), and shared safely by processes on the same host: writes
 * and refreshes take lock files beside it. A corrupt file is reported, never overwritten.
 *
 * @example
 * const store = fileStore(join(homedir(), '.config', 'my-app', 'jira-tokens.json'));
 */
export function fileStore(path: string, options: FileStoreOptions = {}): TokenStore {
  const lockOptions = options.lock ?? {};

  const read = async (): Promise<StoreFile> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, tokens: {} };
      throw new TokenStoreError(`cannot read the token file ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw corrupt(path, 'it is not valid JSON (truncated?)');
    }
    if (!isStoreFile(parsed)) throw corrupt(path, 'it is not a jira-auth token file');
    return parsed;
  };

  const write = async (file: StoreFile): Promise<void> => {
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await chmod(temp, 0o600);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };

  /** Read, change, write, under the write lock, so two processes never drop each other's keys. */
  const ensureDirectory = () => mkdir(dirname(path), { recursive: true, mode: 0o700 });

  const update = async (change: (file: StoreFile) => void) => {
    await ensureDirectory();
    await withFileLock(
      `${path}.lock`,
      async () => {
        const file = await read();
        change(file);
        await write(file);
      },
      lockOptions,
    );
  };

  return {
    async get(key) {
      return (await read()).tokens[key];
    },
    async set(key, tokens) {
      await update((file) => {
        file.tokens[key] = tokens;
      });
    },
    async delete(key) {
      await update((file) => {
        delete file.tokens[key];
      });
    },
    async lock(key, fn) {
      await ensureDirectory();
      const id = createHash('sha256').update(key).digest('hex').slice(0, 16);
      return withFileLock(`${path}.${id}.refresh.lock`, fn, lockOptions);
    },
  };
}

function corrupt(path: string, why: string): TokenStoreError {
  return new TokenStoreError(
    `the token file ${path} is corrupt: ${why}. It is left as it is (it may hold the only copy of a refresh token): repair it, or delete it and authorise again`,
  );
}

function isStoreFile(value: unknown): value is StoreFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Partial<StoreFile>;
  if (file.version !== 1 || typeof file.tokens !== 'object' || file.tokens === null) return false;
  return Object.values(file.tokens).every(
    (tokens) =>
      typeof tokens === 'object' &&
      tokens !== null &&
      typeof tokens.accessToken === 'string' &&
      typeof tokens.expiresAt === 'number' &&
      Array.isArray(tokens.scope),
  );
}
