// The refresh lock is held by one process at a time: also when a holder is slower than the stale limit, and when
// many processes meet a lock left behind by a process that died.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'jira-auth-lock-')), 'tokens.json');
const tokens = (name: string) => ({
  accessToken: `access-${name}`,
  refreshToken: `refresh-${name}`,
  expiresAt: 1_900_000_000_000,
  scope: ['read:jira-user'],
  tokenType: 'Bearer',
});
const refreshLockOf = (path: string, key: string) =>
  `${path}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}.refresh.lock`;

describe('the refresh lock', () => {
  it('a holder slower than the stale limit keeps it: nobody takes it over while it works', async () => {
    const path = await tempFile();
    // The child holds the lock for 3.5 s with a stale limit of 2 s: its heartbeat must keep the lock its own.
    const child = run(process.execPath, [fixture('lock-worker.mjs'), path, 'slow-key', '3500', '2000']);
    for (let i = 0; i < 200 && !(await readFile(`${path}.child-has-lock`, 'utf8').catch(() => '')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let childWasDone = false;
    await fileStore(path, { lock: { staleMs: 2000 } }).lock?.('slow-key', async () => {
      childWasDone = (await readFile(`${path}.child-done`, 'utf8').catch(() => 'no')) === 'yes';
    });
    await child;
    expect(childWasDone).toBe(true);
  });

  it('a holder blocked past the stale limit and taken over cannot write: not before the new holder writes, nor after', async () => {
    for (const newHolderWritesFirst of [false, true]) {
      const path = await tempFile();
      const store = fileStore(path, { lock: { staleMs: 2000 } });
      await store.set('blocked', tokens('before'));
      const child = run(process.execPath, [fixture('blocked-holder.mjs'), path, 'blocked', '2000']);
      for (let i = 0; i < 500 && !(await readFile(`${path}.child-has-lock`, 'utf8').catch(() => '')); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The child's heartbeat stops: once it is 2 s old, this process takes the lock over.
      await store.lock?.('blocked', async (held) => {
        expect(held?.contended).toBe(true);
        if (newHolderWritesFirst) await store.set('blocked', tokens('new'), { replaces: tokens('before') });
        await writeFile(`${path}.taken-over`, 'yes');
        const { stdout } = await child;
        expect(stdout, `new holder wrote first: ${newHolderWritesFirst}`).toBe(
          'TokenStoreError superseded=true',
        );
      });
      expect((await store.get('blocked'))?.accessToken).toBe(
        newHolderWritesFirst ? 'access-new' : 'access-before',
      );
    }
  });

  it('six processes meeting a lock left by a dead process hold it one at a time (150 turns)', async () => {
    const path = await tempFile();
    // What a process killed while holding the lock leaves behind: the lock, with a heartbeat an hour old.
    const lock = refreshLockOf(path, 'contended');
    await mkdir(lock);
    const anHourAgo = new Date(Date.now() - 3600_000);
    await utimes(lock, anHourAgo, anHourAgo);
    const outputs = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, [fixture('contend-worker.mjs'), path, 'contended', '25']),
      ),
    );
    expect(outputs.map((output) => output.stdout)).toEqual(['0', '0', '0', '0', '0', '0']);
  });
});
