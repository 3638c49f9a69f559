// The dependency rules of CONTRIBUTING.md, enforced: which package's source may import which, adapters reaching core
// at run time through the adapter kit alone, every import declared in the manifest, and no import cycle in any
// package's source.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cyclesOf, internalImports, packages } from '../tooling/imports.mjs';

const ADAPTERS = ['axios', 'got', 'ky', 'fetch', 'openapi-fetch'].map((name) => `@jira-auth/${name}`);
const CORE = ['@jira-auth/core'];

/** What each published package's source may import of this repository. Private packages (tests) may import any. */
const ALLOWED = {
  '@jira-auth/core': [],
  '@jira-auth/emulator': [],
  ...Object.fromEntries(ADAPTERS.map((name) => [name, CORE])),
  '@jira-auth/file-store': CORE,
  '@jira-auth/redis-store': CORE,
  '@jira-auth/forge-remote': CORE,
  '@jira-auth/store-contract': CORE,
  '@jira-auth/adapter-contract': ['@jira-auth/core', '@jira-auth/emulator'],
  '@jira-auth/cli': ['@jira-auth/core', '@jira-auth/emulator', '@jira-auth/fetch', '@jira-auth/file-store'],
};

const all = packages();

test('every published package has a rule', () => {
  for (const pkg of all.filter((entry) => !entry.private))
    assert.ok(
      pkg.name in ALLOWED,
      `${pkg.name} has no line in ALLOWED (test/dependencies.test.mjs) nor CONTRIBUTING.md`,
    );
});

for (const pkg of all.filter((entry) => !entry.private)) {
  test(`${pkg.name} imports only what the rules allow, and declares it`, () => {
    const imported = internalImports(pkg);
    for (const name of imported)
      assert.ok(
        ALLOWED[pkg.name]?.includes(name),
        `${pkg.name} imports ${name}, which the rules do not allow`,
      );
    const { dependencies = {}, peerDependencies = {} } = pkg.manifest;
    for (const name of imported)
      assert.ok(
        name in dependencies || name in peerDependencies,
        `${pkg.name} imports ${name} without declaring it`,
      );
  });
}

for (const adapter of ADAPTERS) {
  test(`${adapter} reaches core at run time through the adapter kit only (types from anywhere)`, () => {
    const pkg = all.find((entry) => entry.name === adapter);
    assert.ok(pkg, `${adapter} not found`);
    for (const file of pkg.files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]@jira-auth\/core['"]/g)) {
        const values = match[1]
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item && !item.startsWith('type '));
        assert.deepEqual(
          values,
          [],
          `${file} imports ${values.join(', ')} from core's main entry at run time`,
        );
      }
    }
  });
}

for (const pkg of all) {
  test(`${pkg.name}: no import cycle in its source`, () => {
    assert.deepEqual(cyclesOf(pkg), [], `${pkg.name} has import cycles`);
  });
}
