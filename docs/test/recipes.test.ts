import { fileURLToPath } from 'node:url';
import { runExample } from '@jira-auth/conformance';
import { Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRecipes, extract, typecheckRecipes } from '../scripts/recipes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const recipes = await collectRecipes(root);
const workDir = fileURLToPath(new URL('./.recipes/', import.meta.url));

describe('every recipe on the docs site', () => {
  it('there are recipes for every client and method', () => {
    expect(recipes.length).toBeGreaterThanOrEqual(30);
    for (const client of ['axios', 'got', 'ky', 'openapi-fetch', 'fetch']) {
      expect(
        recipes.filter((recipe) => recipe.file === `recipes/${client}.md`).length,
        client,
      ).toBeGreaterThanOrEqual(5);
    }
  });

  it('type-checks against the built packages', async () => {
    const errors = await typecheckRecipes(recipes, `${workDir}check/`);
    expect(errors.map((error) => `${error.recipe}: ${error.message}`)).toEqual([]);
  });

  it('the check fails a recipe with a misspelled option', async () => {
    const [wrong] = extract(
      "```ts\nimport { basicAuth } from '@jira-auth/core';\n\nconst auth = basicAuth({ site: 'https://your-site.atlassian.net', email: 'you@example.com', apiTokn: apiToken });\n```",
      'wrong.md',
    );
    const errors = await typecheckRecipes([wrong as NonNullable<typeof wrong>], `${workDir}wrong/`);
    expect(errors.map((error) => error.message).join('\n')).toMatch(/apiTokn/);
  });
});

describe('every runnable recipe runs against the emulator, as printed', () => {
  const emulator = new Emulator();
  let tokens: unknown;
  beforeAll(async () => {
    await emulator.start();
    const { authorizeCloud } = await import('@jira-auth/conformance/oauth');
    tokens = (await authorizeCloud(emulator)).tokens;
  });
  afterAll(() => emulator.close());

  for (const recipe of recipes.filter((candidate) => candidate.runnable)) {
    it(`${recipe.file}:${recipe.line}`, async () => {
      const { status, body } = await runExample(recipe, emulator, { tokens, moduleDir: `${workDir}run/` });
      expect(status).toBe(200);
      if (body !== undefined)
        expect(JSON.stringify(body)).toMatch(
          /Ada Lovelace|Grace Hopper|Service account|hello\.txt|"key":"DEMO-1"/,
        );
    });
  }
});
