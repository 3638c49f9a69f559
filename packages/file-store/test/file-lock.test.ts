// The file lock in one process, directly: what a second holder waits for, when it gives up, what it takes over, and
// that the lock is released whatever the work does. The cross-process behaviour is in lock.test.ts and
// cross-process-refresh.test.ts.
import { mkdir, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockTimeoutError } from '@jira-auth/core';
import { describe, expect, it } from 'vitest';
import { withFileLock } from '../src/file-lock.js';

const tempLock = async () => join(await mkdtemp(join(tmpdir(), 'jira-auth-file-lock-')), 'refresh.lock');
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withFileLock', () => {
  it('runs one holder at a time: the second starts after the first has released', async () => {
    const path = await tempLock();
    const log: string[] = [];
    const told: object[] = [];
    const holder = (name: string, ms: number) =>
      withFileLock(path, async (held) => {
        told.push({ ...held });
        log.push(`${name} in`);
        expect(await exists(path)).toBe(true);
        await sleep(ms);
        log.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([holder('first', 150), sleep(10).then(() => holder('second', 10))]);
    expect(results).toEqual(['first', 'second']);
    expect(told).toEqual([
      { contended: false, compromised: false },
      { contended: true, compromised: false },
    ]);
    expect(log).toEqual(['first in', 'first out', 'second in', 'second out']);
    expect(await exists(path)).toBe(false);
  });

  it('releases the lock when the work throws, and passes the error on', async () => {
    const path = await tempLock();
    const failure = new Error('the work failed');
    await expect(withFileLock(path, async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(await exists(path)).toBe(false);
    expect(await withFileLock(path, async () => 'again')).toBe('again');
  });

  it('gives up after timeoutMs with a LockTimeoutError that names the lock, and leaves a live holder alone', async () => {
    const path = await tempLock();
    let release: () => void = () => undefined;
    const held = withFileLock(path, () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(20);
    const started = Date.now();
    const error = await withFileLock(path, async () => 'never', { timeoutMs: 300 }).catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(LockTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'JIRA_AUTH_LOCK_TIMEOUT', lock: path });
    // The wait it reports is its own: within what this test measured around it.
    expect((error as LockTimeoutError).waitedMs).toBeGreaterThanOrEqual(200);
    expect((error as LockTimeoutError).waitedMs).toBeLessThanOrEqual(waited);
    expect((error as Error).message).toContain(`timed out after 300 ms waiting for the lock ${path}`);
    expect(waited).toBeGreaterThanOrEqual(200);
    // Given up on while the holder still holds it (it would otherwise wait until release() below).
    release();
    await held;
  });

  it('keeps waiting while the holder is within timeoutMs (30 s unless set)', async () => {
    const path = await tempLock();
    const first = withFileLock(path, () => sleep(1_200));
    await sleep(20);
    // Longer than any backoff step: waiting goes on across many attempts.
    expect(await withFileLock(path, async () => 'after the holder')).toBe('after the holder');
    await first;
  });

  it('takes over a lock whose heartbeat is older than staleMs, and not one that is fresher', async () => {
    const path = await tempLock();
    await mkdir(path);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(path, aMinuteAgo, aMinuteAgo);
    // A minute old: stale for the default of 10 s.
    expect(await withFileLock(path, async () => 'taken over', { timeoutMs: 1_000 })).toBe('taken over');

    await mkdir(path);
    const fiveSecondsAgo = new Date(Date.now() - 5_000);
    await utimes(path, fiveSecondsAgo, fiveSecondsAgo);
    // Five seconds old: fresh for the default, stale for a limit of 2 s.
    await expect(withFileLock(path, async () => 'no', { timeoutMs: 300 })).rejects.toThrow(/timed out/);
    expect(await withFileLock(path, async () => 'taken over', { timeoutMs: 1_000, staleMs: 2_000 })).toBe(
      'taken over',
    );
  });

  it('tells its holder once the lock is no longer its own (taken away while it works): it must not write then', async () => {
    const path = await tempLock();
    await withFileLock(
      path,
      async (held) => {
        expect(held.compromised).toBe(false);
        // What a stale takeover does to the holder's lock: gone from under it. Its heartbeat (every second with a
        // stale limit of 2 s) finds out.
        await rm(path, { recursive: true });
        for (let i = 0; i < 500 && !held.compromised; i++) await sleep(20);
        expect(held.compromised).toBe(true);
      },
      { staleMs: 2_000 },
    );
  });

  it('passes on a failure that is not a held lock at once', async () => {
    const missingFolder = join(await tempLock(), 'no-such-folder', 'refresh.lock');
    const started = Date.now();
    await expect(withFileLock(missingFolder, async () => 'never')).rejects.toMatchObject({ code: 'ENOENT' });
    // Not the 30 s it waits for a lock another process holds.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
