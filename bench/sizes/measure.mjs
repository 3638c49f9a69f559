// Bundle sizes as an application pays them: an entry that imports only what it names, bundled by esbuild
// (minified, ESM, tree-shaken), the HTTP client left out (the application has it anyway), then gzip -9.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;

/** What each budgeted entry imports, and its budget in gzipped bytes. */
export const ENTRIES = [
  { name: 'core: basicAuth', budget: 2048, code: `export { basicAuth } from '@jira-auth/core';` },
  {
    name: 'core: basicAuth + oauth2 + memoryStore',
    budget: 4096,
    code: `export { basicAuth, oauth2, memoryStore } from '@jira-auth/core';`,
  },
  { name: 'core: whole main entry', code: `export * from '@jira-auth/core';` },
  { name: '@jira-auth/axios (adapter only)', budget: 1024, code: `export * from '@jira-auth/axios';`, adapter: true },
  { name: '@jira-auth/got (adapter only)', budget: 1024, code: `export * from '@jira-auth/got';`, adapter: true },
  { name: '@jira-auth/ky (adapter only)', budget: 1024, code: `export * from '@jira-auth/ky';`, adapter: true },
  { name: '@jira-auth/fetch (adapter only)', budget: 1024, code: `export * from '@jira-auth/fetch';`, adapter: true },
  {
    name: 'openapi-fetch alone',
    code: `import createClient from 'openapi-fetch'; export const c = createClient({ baseUrl: 'https://x' });`,
    clientOnly: true,
  },
  {
    name: 'createJiraClient with an API token (incl. openapi-fetch and core)',
    code: `import { basicAuth } from '@jira-auth/core'; import { createJiraClient } from '@jira-auth/openapi-fetch';
export const c = createJiraClient({ auth: basicAuth({ site: 'https://x.atlassian.net', email: 'a@b.c', apiToken: 't' }) });`,
  },
];

const CLIENTS = ['axios', 'got', 'ky', 'openapi-fetch', 'node:*'];

export async function gzippedSize(code, external) {
  const result = await build({
    stdin: { contents: code, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import'],
    external,
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Every entry's size; adapters are measured without core and without their client. */
export async function measure() {
  const rows = [];
  for (const entry of ENTRIES) {
    const external = entry.adapter
      ? [...CLIENTS, '@jira-auth/core', '@jira-auth/core/*']
      : entry.clientOnly
        ? ['node:*']
        : CLIENTS.filter((client) => client !== 'openapi-fetch');
    rows.push({ ...entry, ...(await gzippedSize(entry.code, external)) });
  }
  return rows;
}
