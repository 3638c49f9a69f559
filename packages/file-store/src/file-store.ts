import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type TokenSet, type TokenStore, TokenStoreError } from '@jira-auth/core';
import { mayReplace, supersededError } from '@jira-auth/core/store-kit';
import { type FileLockHeld, type FileLockOptions, withFileLock } from './file-lock.js';

interface StoreFile {
  version: 1;
  tokens: Record<string, TokenSet>;
}

/** The refresh lock this async context holds: a `set` inside it is fenced with its number. */
const heldLock = new AsyncLocalStorage<{
  readonly path: string;
  readonly key: string;
  readonly fence: number;
  readonly held: FileLockHeld;
}>();

export interface FileStoreOptions {
  /** How long to wait for another process's refresh or write. */
  lock?: FileLockOptions;
}

/**
 * Token sets in one JSON file, for CLIs and single-host services: written atomically (a temp file renamed over
 * the old one, then the folder synced), readable by the owner only (mode 0600), and shared safely by processes on
 * the same host: writes and refreshes take lock files beside it. Saves are compare-and-set, and fenced: a refresh
 * lock holder that lost its lock (its process stalled past the stale limit, and another took the lock over) cannot
 * write. A corrupt file is reported, never overwritten.
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

  const write = (file: StoreFile) => writeAtomically(path, `${JSON.stringify(file, null, 2)}\n`);

  /** Read, change, write, under the write lock, so two processes never drop each other's keys. */
  const ensureDirectory = () => mkdir(dirname(path), { recursive: true, mode: 0o700 });

  const refreshLockOf = (key: string) => {
    const id = createHash('sha256').update(key).digest('hex').slice(0, 16);
    return { lock: `${path}.${id}.refresh.lock`, fence: `${path}.${id}.fence` };
  };
  /** The number of the newest refresh lock holder of a key (0 before the first). */
  const readFence = async (fencePath: string) =>
    Number((await readFile(fencePath, 'utf8').catch(() => '0')).trim()) || 0;

  const update = async (change: (file: StoreFile) => void | Promise<void>) => {
    await ensureDirectory();
    await withFileLock(
      `${path}.lock`,
      async () => {
        const file = await read();
        await change(file);
        await write(file);
      },
      lockOptions,
    );
  };

  return {
    async get(key) {
      return (await read()).tokens[key];
    },
    async set(key, tokens, condition) {
      const lock = heldLock.getStore();
      const fenced = lock?.path === path && lock.key === key ? lock : undefined;
      await update(async (file) => {
        // A holder whose lock was compromised, or taken over by a newer holder, must not write.
        if (
          fenced &&
          (fenced.held.compromised || (await readFence(refreshLockOf(key).fence)) !== fenced.fence)
        ) {
          throw supersededError(
            key,
            `this process lost the refresh lock of ${path} (it stalled past staleMs and another process took it over)`,
          );
        }
        if (!mayReplace(file.tokens[key], tokens, condition)) throw supersededError(key);
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
      const files = refreshLockOf(key);
      return withFileLock(
        files.lock,
        async (held) => {
          // Each holder numbers itself: a holder that lost the lock sees a newer number when it writes.
          const fence = (await readFence(files.fence)) + 1;
          await writeAtomically(files.fence, `${fence}\n`);
          return heldLock.run({ path, key, fence, held }, () => fn({ contended: held.contended }));
        },
        lockOptions,
      );
    },
  };
}

/**
 * Writes `text` to `target` so that a crash leaves either the old file or the new one: a temp file (0600), synced,
 * renamed over the target, and then the folder synced, so the rename itself survives a power loss.
 */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, 0o600);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(target));
}

/** fsync of a folder: where the platform cannot open one (Windows), the rename is as durable as it gets. */
async function syncFolder(folder: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (process.platform !== 'win32') throw error;
  } finally {
    await handle?.close();
  }
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
