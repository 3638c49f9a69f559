// What each published package puts in its tarball: the files its exports map names (built ones, and a JSON Schema), README, LICENSE and
// package.json, and nothing else; and a package.json a registry can take (no workspace: ranges, public, with
// provenance, pointing back at this repository). Packs for real with pnpm, as a release would.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const published = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => !manifest.private);
const out = mkdtempSync(join(tmpdir(), 'jira-auth-packs-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** Every file an exports map (or main/module/types) points at. */
function targets(manifest) {
  const found = new Set(
    [manifest.main, manifest.module, manifest.types, ...Object.values(manifest.bin ?? {})].filter(Boolean),
  );
  const walk = (value) => {
    if (typeof value === 'string') found.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  return [...found].map((path) => path.replace(/^\.\//, '')).filter((path) => path !== 'package.json');
}

/** The keywords a search for a Jira auth method finds a package by: each package that carries every method has all. */
const EVERY_METHOD = [
  'jira-cloud',
  'data-center',
  'oauth2',
  'refresh-token',
  'personal-access-token',
  'service-account',
];
/** Packages for one method: Forge Remote is Cloud only, with OAuth 2.0 tokens Forge mints; the rest would mislead. */
const KEYWORDS = { '@jira-auth/forge-remote': ['jira-cloud', 'forge', 'forge-remote', 'oauth2'] };

it('publishes the packages this repository says it does', () => {
  assert.deepEqual(published.map(({ manifest }) => manifest.name).sort(), [
    '@jira-auth/adapter-contract',
    '@jira-auth/axios',
    '@jira-auth/cli',
    '@jira-auth/core',
    '@jira-auth/emulator',
    '@jira-auth/fetch',
    '@jira-auth/file-store',
    '@jira-auth/forge-remote',
    '@jira-auth/got',
    '@jira-auth/ky',
    '@jira-auth/openapi-fetch',
    '@jira-auth/redis-store',
    '@jira-auth/store-contract',
  ]);
});

for (const { dir, manifest } of published) {
  describe(manifest.name, () => {
    const cwd = join(root, 'packages', dir);
    const tarball = join(
      out,
      execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd, encoding: 'utf8' })
        .trim()
        .split('\n')
        .at(-1)
        .split('/')
        .at(-1),
    );
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((path) => path.replace(/^package\//, ''));
    const packed = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    );

    it('holds the built files, README, LICENSE and package.json, and nothing else', () => {
      const extra = files.filter(
        (path) =>
          !['package.json', 'README.md', 'LICENSE'].includes(path) &&
          // A file the exports map names as it is (core's site.schema.json).
          !Object.values(manifest.exports ?? {}).includes(`./${path}`) &&
          !/^dist\/([\w-]+\/)?[\w.-]+\.(mjs|cjs|d\.mts|d\.cts)$/.test(path),
      );
      assert.deepEqual(extra, [], `unexpected files in the tarball of ${manifest.name}`);
      const [patterns, paths] = [
        targets(manifest).filter((path) => path.includes('*')),
        targets(manifest).filter((path) => !path.includes('*')),
      ];
      for (const path of ['package.json', 'README.md', 'LICENSE', ...paths])
        assert.ok(files.includes(path), `${manifest.name} is packed without ${path}`);
      // A subpath pattern (`./areas/*`): every condition finds the same, non-empty set of files.
      const matched = patterns.map((pattern) => {
        const [before, after] = pattern.split('*');
        return files
          .filter((path) => path.startsWith(before) && path.endsWith(after))
          .map((path) => path.slice(before.length, path.length - after.length))
          .sort();
      });
      for (const [index, names] of matched.entries()) {
        assert.ok(names.length > 0, `${manifest.name} has no file for ${patterns[index]}`);
        assert.deepEqual(
          names,
          matched[0],
          `${patterns[index]} and ${patterns[0]} do not match the same files`,
        );
      }
      assert.equal(execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' }), license);
    });

    it('has a package.json a registry takes', () => {
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'])
        for (const [name, range] of Object.entries(packed[field] ?? {}))
          assert.doesNotMatch(range, /^(workspace|catalog):/, `${field}.${name} is ${range}`);
      assert.equal(packed.license, 'MIT');
      assert.deepEqual(packed.publishConfig, { access: 'public', provenance: true });
      assert.equal(packed.repository.directory, `packages/${dir}`);
      assert.match(packed.repository.url, /^git\+https:\/\/github\.com\/jira-auth\/jira-auth\.git$/);
      assert.match(packed.homepage, /^https:\/\//);
      assert.match(packed.bugs.url, /\/issues$/);
      for (const keyword of KEYWORDS[manifest.name] ?? EVERY_METHOD)
        assert.ok(packed.keywords.includes(keyword), `${manifest.name} lacks the keyword ${keyword}`);
      assert.ok(packed.description.length > 40);
    });
  });
}
