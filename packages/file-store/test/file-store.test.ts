import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type TokenSet, TokenStoreError } from '@jira-auth/core';
import { describe, expect, it } from 'vitest';
import { fileStore } from '../src/index.js';

const tokens = (n: number): TokenSet => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresAt: 1_700_000_000_000 + n,
  scope: ['read:jira-user'],
  tokenType: 'Bearer',
});
const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'jira-auth-store-')), 'nested', 'tokens.json');

describe('fileStore', () => {
  it('README example: keeps token sets per key, in a 0600 file', async () => {
    const path = await tempFile();
    const store = fileStore(path);
    expect(await store.get('a')).toBeUndefined();
    await store.set('jira-auth:atlassian:client:alice', tokens(1));
    await store.set('jira-auth:atlassian:client:bob', tokens(2));
    expect(await store.get('jira-auth:atlassian:client:alice')).toEqual(tokens(1));
    expect(await fileStore(path).get('jira-auth:atlassian:client:bob')).toEqual(tokens(2));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await store.delete('jira-auth:atlassian:client:alice');
    expect(await store.get('jira-auth:atlassian:client:alice')).toBeUndefined();
    expect(await store.get('jira-auth:atlassian:client:bob')).toEqual(tokens(2));
  });

  it('concurrent writes to different keys lose nothing', async () => {
    const path = await tempFile();
    const store = fileStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, n) => store.set(`key-${n}`, tokens(n))));
    for (let n = 0; n < 20; n++) expect(await store.get(`key-${n}`)).toEqual(tokens(n));
  });

  it('a corrupt or truncated file is a clear error and is never overwritten', async () => {
    const path = await tempFile();
    const store = fileStore(path);
    await store.set('key', tokens(1));
    const full = await readFile(path, 'utf8');
    const truncated = full.slice(0, full.length / 2);
    await writeFile(path, truncated);
    await expect(store.get('key')).rejects.toThrow(/is corrupt: it is not valid JSON/);
    await expect(store.set('key', tokens(2))).rejects.toSatisfy((error) => TokenStoreError.isInstance(error));
    expect(await readFile(path, 'utf8')).toBe(truncated);
    await writeFile(path, JSON.stringify({ hello: 'world' }));
    await expect(store.get('key')).rejects.toThrow(/not a jira-auth token file/);
  });

  it('the refresh lock is held by one process at a time', async () => {
    const path = await tempFile();
    const store = fileStore(path);
    await store.set('seed', tokens(0));
    const events: string[] = [];
    const worker = fileURLToPath(new URL('./fixtures/lock-worker.mjs', import.meta.url));
    const child = promisify(execFile)(process.execPath, [worker, path, 'shared-key', '300']);
    // Wait until the child holds the lock, then take it here: this must wait for the child to let go.
    for (let i = 0; i < 100 && !(await readFile(`${path}.child-has-lock`, 'utf8').catch(() => '')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await store.lock?.('shared-key', async () => {
      events.push(
        `parent got the lock after the child released it: ${(await readFile(`${path}.child-done`, 'utf8').catch(() => 'no')) === 'yes'}`,
      );
    });
    await child;
    expect(events).toEqual(['parent got the lock after the child released it: true']);
  });
});
