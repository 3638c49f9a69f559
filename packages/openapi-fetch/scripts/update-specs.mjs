#!/usr/bin/env node
// `pnpm spec:update`: downloads Atlassian's current OpenAPI specs from their published URLs (or from each spec's
// variable in scripts/specs.mjs, such as JIRA_OPENAPI_SPEC or CONFLUENCE_OPENAPI_SPEC, a path or a URL), replaces the vendored copies in spec/,
// rewrites spec/manifest.json, regenerates the types and tables, and prints what changed for users.
//
//   node scripts/update-specs.mjs [--dir DIR] [--no-generate]
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  diffTables,
  formatDiff,
  loadSpec,
  operationTable,
  prepare,
  readManifest,
  SPECS,
  sha256,
  specDir,
} from './specs.mjs';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: specDir }, 'no-generate': { type: 'boolean', default: false } },
});
const dir = values.dir;
const manifest = await readManifest(dir);

for (const spec of SPECS) {
  const entry = manifest[spec.name];
  const source = process.env[spec.variable] || entry.source;
  const path = join(dir, entry.file);
  const before = JSON.parse(await readFile(path, 'utf8').catch(() => '{"paths":{}}'));
  const { bytes, document } = await loadSpec(
    source,
    `set ${spec.variable} to a path or URL to update from elsewhere`,
  );
  await writeFile(path, bytes);
  manifest[spec.name] = {
    ...entry,
    title: document.info?.title ?? entry.title,
    version: document.info?.version ?? '',
    retrieved: new Date().toISOString().slice(0, 10),
    bytes: bytes.length,
    sha256: sha256(bytes),
    provenance: `downloaded from ${source}`,
  };
  const versions = `${before.info?.version ?? '(none)'} -> ${manifest[spec.name].version}`;
  console.log(
    `${formatDiff(`${spec.name} (${versions})`, diffTables(operationTable(prepare(spec, before)), operationTable(prepare(spec, document))))}`,
  );
}
await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${join(dir, 'manifest.json')}`);

if (!values['no-generate']) {
  const generate = spawnSync(process.execPath, [new URL('generate.mjs', import.meta.url).pathname], {
    stdio: 'inherit',
    env: { ...process.env, ...Object.fromEntries(SPECS.map((spec) => [spec.variable, ''])) },
  });
  if (generate.status !== 0) process.exit(generate.status ?? 1);
  console.log(
    'Review the changes above, then add a changeset for @jira-auth/openapi-fetch (pnpm changeset).',
  );
}
