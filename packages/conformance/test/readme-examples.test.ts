import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeCloud } from '../src/oauth-suite.js';
import { extractExamples, runExample } from '../src/readme-examples.js';

const readmes = ['core', 'axios', 'got', 'ky', 'openapi-fetch', 'emulator', 'file-store', 'fetch'].map(
  (name) => {
    const path = fileURLToPath(new URL(`../../${name}/README.md`, import.meta.url));
    return { name, examples: extractExamples(readFileSync(path, 'utf8'), `packages/${name}/README.md`) };
  },
);
const moduleDir = fileURLToPath(new URL('./.examples/', import.meta.url));

describe('README examples run as printed, against the emulator', () => {
  const emulator = new Emulator();
  let tokens: unknown;
  beforeAll(async () => {
    await emulator.start();
    tokens = (await authorizeCloud(emulator)).tokens;
  });
  afterAll(() => emulator.close());

  it('every package README has examples', () => {
    expect(readmes.find((readme) => readme.name === 'core')?.examples.length).toBeGreaterThanOrEqual(10);
    for (const readme of readmes) expect(readme.examples.length, readme.name).toBeGreaterThan(0);
  });

  for (const { examples } of readmes) {
    for (const example of examples) {
      it(`${example.file}:${example.line}`, async () => {
        const { status, body } = await runExample(example, emulator, { tokens, moduleDir });
        expect(status).toBe(200);
        expect(JSON.stringify(body)).toMatch(/Ada Lovelace|Grace Hopper|Service account|accountId/);
      });
    }
  }
});
