import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runExample } from '@jira-auth/conformance';
import { extractBlocks } from '@jira-auth/conformance/blocks';
import { Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const path = fileURLToPath(new URL('../../ky/README.md', import.meta.url));
// Blocks marked `<!-- example node22 -->` need ky 2; docs/test/newcomer.test.ts runs every other block.
const examples = extractBlocks(readFileSync(path, 'utf8'), 'packages/ky/README.md').filter(
  (block) => block.node22,
);
const moduleDir = fileURLToPath(new URL('./.examples/', import.meta.url));

describe('README examples that need Node 22 (ky 2) run as printed', () => {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());

  it('there are some', () => expect(examples.length).toBeGreaterThan(0));
  for (const example of examples) {
    it(`${example.file}:${example.line}`, async () => {
      const { status, body } = await runExample(example, emulator, { tokens: undefined, moduleDir });
      expect(status).toBe(200);
      expect(JSON.stringify(body)).toContain('Ada Lovelace');
    });
  }
});
