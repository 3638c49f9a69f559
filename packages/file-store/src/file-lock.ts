import { LockTimeoutError } from '@jira-auth/core';
import type { lock as lockFn } from 'proper-lockfile';

export interface FileLockOptions {
  /** Give up waiting for another process's lock after this long. @default 30_000 */
  timeoutMs?: number;
  /**
   * A lock whose heartbeat (its mtime, refreshed every `staleMs / 2` by the holder) is older than this was left by a
   * process that died, and is taken over. A live holder, however slow, keeps it fresh. @default 10_000 (at least 2_000)
   */
  staleMs?: number;
}

/** What the holder of a file lock is told. */
export interface FileLockHeld {
  /** True when another process held the lock when it was asked for. */
  readonly contended: boolean;
  /**
   * True once the lock is no longer this holder's: its heartbeat could not be kept (an event loop blocked, or a
   * process stopped, past `staleMs`) and another process may have taken it over. A holder must not write then.
   */
  readonly compromised: boolean;
}

/**
 * Runs `fn` while holding `path` as a lock shared by every process on the host: a directory made with `mkdir`
 * (atomic), kept fresh by a heartbeat, taken over only once stale, released only by its holder. The locking is
 * proper-lockfile's; this only waits for it, with a deadline.
 */
/**
 * proper-lockfile, loaded the first time a lock is taken: a read of a valid token (a prompt's `jira-auth header`)
 * takes none, and loading it (graceful-fs patches `fs`) is most of what this package costs a process to start.
 */
let lockfile: Promise<{ lock: typeof lockFn }> | undefined;
const loadLockfile = () => {
  lockfile ??= import('proper-lockfile').then((module) => module.default ?? module);
  return lockfile;
};

export async function withFileLock<T>(
  path: string,
  fn: (held: FileLockHeld) => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const asked = Date.now();
  const deadline = asked + timeoutMs;
  const held = { contended: false, compromised: false };
  const { lock } = await loadLockfile();
  let release: () => Promise<void>;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      release = await lock(path, {
        lockfilePath: path,
        realpath: false,
        stale: options.staleMs ?? 10_000,
        retries: 0,
        // Compromised (the heartbeat could not be kept, e.g. an event loop blocked past staleMs): the default throws
        // from a timer and ends the process. The holder finishes, told that the lock may be another process's now.
        onCompromised: () => {
          held.compromised = true;
        },
      });
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') throw error;
      held.contended = true;
      if (Date.now() + wait > deadline) {
        throw new LockTimeoutError(
          `timed out after ${timeoutMs} ms waiting for the lock ${path}, held by another process; a lock left by a process that died is taken over once its heartbeat is older than staleMs`,
          { lock: path, waitedMs: Date.now() - asked },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
  }
  try {
    return await fn(held);
  } finally {
    // Rejects only when the lock was compromised and is no longer ours: then it is not ours to remove.
    await release().catch(() => undefined);
  }
}
