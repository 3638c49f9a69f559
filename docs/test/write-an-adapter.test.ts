// The "Write an adapter" page, run as printed: its two blocks are written as the files they name, and the contract
// file is loaded here, so the adapter contract's every case runs against the page's own undici adapter.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBlocks } from '@jira-auth/conformance/blocks';
import { expect, it } from 'vitest';

const page = 'docs/clients/write-an-adapter.md';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const files = extractBlocks(await readFile(join(repo, page), 'utf8'), page).filter((block) => block.fileName);
// Inside docs/, so that the blocks' imports resolve to the workspace's packages and undici.
const folder = fileURLToPath(new URL('./generated/write-an-adapter/', import.meta.url));
await rm(folder, { recursive: true, force: true });
await mkdir(folder, { recursive: true });
for (const block of files) await writeFile(join(folder, block.fileName as string), `${block.code}\n`);

it('the page builds the adapter and its contract test, two files', () => {
  expect(files.map((block) => block.fileName)).toEqual(['jira-request.ts', 'jira-request.contract.ts']);
});

// Registers the contract's cases, against the page's adapter.
await import(join(folder, 'jira-request.contract.ts'));
