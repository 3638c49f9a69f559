import { open, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FileLockOptions {
  /** Give up waiting after this long. @default 30_000 */
  timeoutMs?: number;
  /** A lock file older than this is left over from a crashed process and is taken over. @default 60_000 */
  staleMs?: number;
}

/** Runs `fn` while holding `path` as an exclusive lock file (O_EXCL create), shared by every process on the host. */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(path).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > staleMs) await rm(path, { force: true });
      else if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for the lock file ${path}; delete it if no process holds it`,
        );
      } else await sleep(wait);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
