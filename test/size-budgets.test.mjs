// The size budgets, checked on the built packages: bytes are deterministic, so this is a real check (the figures
// themselves: `pnpm --filter @jira-auth/bench run sizes`). Raising a budget needs a changeset that says why.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { measure } from '../bench/sizes/measure.mjs';

const rows = await measure();

for (const row of rows.filter((entry) => entry.budget)) {
  test(`${row.name}: within ${row.budget} bytes gzipped`, () => {
    assert.ok(
      row.gzip <= row.budget,
      `${row.name} is ${row.gzip} bytes gzipped, over its budget of ${row.budget}`,
    );
  });
}

test('the budgets cover every adapter and the typed client', () => {
  const budgeted = rows.filter((entry) => entry.budget).map((entry) => entry.name);
  for (const name of ['core: basicAuth', 'oauth2', 'axios', 'got', 'ky', 'fetch', 'createJiraClient'])
    assert.ok(
      budgeted.some((entry) => entry.includes(name)),
      `no budget for ${name}`,
    );
});

test('a classic API token does not load the cloudId lookup: only a scoped token pays for it', () => {
  const basic = rows.find((entry) => entry.name === 'core: basicAuth');
  assert.ok(basic.code.includes('basicAuth'), 'the measured code is the basicAuth bundle');
  assert.ok(
    !basic.code.includes('new URL("/_edge/tenant_info"'),
    'the lookup of /_edge/tenant_info is in the loaded code',
  );
  assert.match(basic.code, /import\(["'][^"']*cloud-id/, 'the lookup is not loaded on demand');
});

/** The modules a built file loads when it is imported: its static imports (ESM) or top-level requires (CJS). */
function loadedWith(file) {
  const code = readFileSync(new URL(`../packages/${file}`, import.meta.url), 'utf8');
  const esm = [...code.matchAll(/^import\b[^;]*?(?:from\s*)?"([^"]+)"/gm)];
  const cjs = [...code.matchAll(/^(?:(?:const|let|var)\s+\w+\s*=\s*)?require\("([^"]+)"\)/gm)];
  return [...esm, ...cjs].map((match) => match[1]);
}

/** The JavaScript files the `"."` entry of a package's exports map names (ESM, and CJS where it has one). */
function entryFiles(dir) {
  const manifest = JSON.parse(
    readFileSync(new URL(`../packages/${dir}/package.json`, import.meta.url), 'utf8'),
  );
  const files = [];
  const walk = (value) => {
    if (typeof value === 'string') {
      if (/\.[cm]?js$/.test(value)) files.push(`${dir}/${value.replace(/^\.\//, '')}`);
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports['.'] ?? manifest.exports);
  return files;
}

test('importing an adapter loads two files of this repository: its own and the adapter kit (start-up)', () => {
  // Each file costs a module load when a program starts; tsdown.config.ts in core keeps the kit in one file.
  for (const file of ['core/dist/adapter-kit.mjs', 'core/dist/adapter-kit.cjs'])
    assert.deepEqual(loadedWith(file), [], `the adapter kit (${file}) loads another file`);
  for (const adapter of ['axios', 'got', 'ky', 'fetch', 'openapi-fetch']) {
    const files = entryFiles(adapter);
    assert.ok(
      files.some((file) => file.endsWith('.mjs')),
      `no ESM entry found for @jira-auth/${adapter}`,
    );
    for (const file of files)
      assert.deepEqual(
        loadedWith(file).filter(
          (specifier) => specifier.startsWith('.') || specifier.startsWith('@jira-auth/'),
        ),
        ['@jira-auth/core/adapter-kit'],
        `${file} loads more than the adapter kit at start-up`,
      );
  }
});
