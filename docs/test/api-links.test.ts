// Every docs page links to the API reference of what its code uses: each name a block imports from a jira-auth
// package has a link to its generated page (typedoc, built into api/ before the tests run).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectBlocks } from '@jira-auth/conformance/blocks';
import { expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const docs = join(repo, 'docs');
const KINDS = ['functions', 'classes', 'interfaces', 'type-aliases', 'variables'];

/** The reference page of a name a module exports, as the site links it; undefined when the reference has none. */
function apiPage(module: string, name: string): string | undefined {
  for (const kind of KINDS) {
    const page = `/api/${module}/${kind}/${name}`;
    if (existsSync(join(docs, `${page}.md`))) return page;
  }
  return undefined;
}

/** The names a block imports from jira-auth's packages: `[module, name]`. */
function importedNames(code: string): [string, string][] {
  const names: [string, string][] = [];
  for (const match of code.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(@jira-auth\/[^']+)'/gm)) {
    const [, list = '', module = ''] = match;
    for (const item of list.split(',')) {
      const name = item
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0];
      if (name) names.push([module, name]);
    }
  }
  return names;
}

const pages = new Map<string, [string, string][]>();
for (const block of await collectBlocks(repo)) {
  if (!block.file.startsWith('docs/')) continue;
  pages.set(block.file, [...(pages.get(block.file) ?? []), ...importedNames(block.code)]);
}

it('the reference is built (typedoc writes api/ before the tests)', () => {
  expect(apiPage('@jira-auth/core', 'basicAuth')).toBe('/api/@jira-auth/core/functions/basicAuth');
});

it('every page links to the reference page of each jira-auth name its code imports', async () => {
  const missing: string[] = [];
  for (const [file, imports] of pages) {
    const markdown = await readFile(join(repo, file), 'utf8');
    const seen = new Set<string>();
    for (const [module, name] of imports) {
      if (seen.has(`${module} ${name}`)) continue;
      seen.add(`${module} ${name}`);
      // An area's `paths` type is the spec's, with no page of its own: the area's entry point is documented.
      if (/\/areas\/[\w-]+$/.test(module) && name === 'paths') continue;
      const page = apiPage(module, name);
      if (!page) missing.push(`${file}: ${module} ${name} has no reference page`);
      else if (!markdown.includes(`](${page})`)) missing.push(`${file}: no link to ${page}`);
    }
  }
  expect(missing).toEqual([]);
});

it('the reference renders inline option types rather than dropping them to `object`', async () => {
  const dropped: string[] = [];
  for (const entry of await readdir(join(docs, 'api'), { recursive: true })) {
    if (!entry.endsWith('.md')) continue;
    const page = await readFile(join(docs, 'api', entry), 'utf8');
    if (/& `object`|`object` &/.test(page)) dropped.push(entry);
  }
  expect(dropped).toEqual([]);
});
