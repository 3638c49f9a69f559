// Bundle sizes as an application pays them: an entry that imports only what it names, bundled by esbuild
// (minified, ESM, tree-shaken), the HTTP client left out (the application has it anyway), then gzip -9.
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;

/**
 * What each entry imports, and its budget in gzipped bytes: `budget` is enforced by `test/size-budgets.test.mjs`
 * (raising one needs a changeset that says why).
 */
export const ENTRIES = [
  // Raised from the 2 kB and 4 kB first aimed at (see .changeset/core-size-budgets.md): what is left is the checks
  // that refuse unsafe input, the errors that say what to do, and the single-flight renewal; not padding.
  // Raised again for events (onEvent on every strategy) and rate-limit reporting (.changeset/core-budgets-events.md).
  // OAuth's raised for the token-family safety: compare-and-set saves, the unsaved pair saved again under the lock,
  // redirects refused, server text scrubbed (.changeset/token-family-budget.md).
  { name: 'core: basicAuth', budget: 3456, code: `export { basicAuth } from '@jira-auth/core';` },
  {
    name: 'core: basicAuth + oauth2 + memoryStore',
    budget: 7680,
    code: `export { basicAuth, oauth2, memoryStore } from '@jira-auth/core';`,
  },
  { name: 'core: whole main entry', code: `export * from '@jira-auth/core';` },
  {
    name: '@jira-auth/axios (adapter only)',
    // 1 kB until the rate-limit retry, which axios lacks (see .changeset/rate-limits.md).
    budget: 1152,
    code: `export * from '@jira-auth/axios';`,
    adapter: true,
  },
  {
    name: '@jira-auth/got (adapter only)',
    budget: 1024,
    code: `export * from '@jira-auth/got';`,
    adapter: true,
  },
  {
    name: '@jira-auth/ky (adapter only)',
    budget: 1024,
    code: `export * from '@jira-auth/ky';`,
    adapter: true,
  },
  {
    name: '@jira-auth/fetch (adapter only)',
    budget: 1024,
    code: `export * from '@jira-auth/fetch';`,
    adapter: true,
  },
  {
    name: 'openapi-fetch alone',
    code: `import createClient from 'openapi-fetch'; export const c = createClient({ baseUrl: 'https://x' });`,
    clientOnly: true,
  },
  {
    name: 'createJiraClient, core left out (budget: over openapi-fetch alone)',
    budget: 2048,
    overClient: true,
    code: `import { createJiraClient } from '@jira-auth/openapi-fetch';
export const c = (auth) => createJiraClient({ auth });`,
  },
  {
    name: 'createJiraClient with an API token (openapi-fetch and core included)',
    code: `import { basicAuth } from '@jira-auth/core'; import { createJiraClient } from '@jira-auth/openapi-fetch';
export const c = createJiraClient({ auth: basicAuth({ site: 'https://x.atlassian.net', email: 'a@b.c', apiToken: 't' }) });`,
  },
];

const CLIENTS = ['axios', 'got', 'ky', 'openapi-fetch', 'node:*'];

/**
 * Other auth libraries, measured the same way in the same run: what an application imports to refresh OAuth tokens
 * (or to authenticate Jira calls, for jira.js), its HTTP client left out. Node built-ins are left out too, so
 * libraries written for Node bundle at all.
 */
export const COMPARISONS = [
  { name: 'axios-auth-refresh', code: `export { default } from 'axios-auth-refresh';` },
  {
    name: '@octokit/auth-oauth-user',
    code: `export { createOAuthUserAuth } from '@octokit/auth-oauth-user';`,
  },
  {
    name: 'oauth4webapi (refresh grant)',
    code: `export { discoveryRequest, processDiscoveryResponse, refreshTokenGrantRequest, processRefreshTokenResponse } from 'oauth4webapi';`,
  },
  { name: 'simple-oauth2', code: `export { AuthorizationCode } from 'simple-oauth2';`, node: true },
  {
    name: 'google-auth-library (OAuth2Client)',
    code: `export { OAuth2Client } from 'google-auth-library';`,
    node: true,
  },
  { name: 'jira.js (createCloudClient)', code: `export { createCloudClient } from 'jira.js';`, node: true },
  {
    name: 'jira-auth: core basicAuth + oauth2 + memoryStore',
    code: `export { basicAuth, oauth2, memoryStore } from '@jira-auth/core';`,
  },
];

/** The comparison libraries' sizes; a library that cannot be bundled is reported with its error. */
export async function measureComparisons() {
  const rows = [];
  for (const entry of COMPARISONS) {
    try {
      rows.push({ ...entry, ...(await gzippedSize(entry.code, CLIENTS, entry.node ? 'node' : 'neutral')) });
    } catch (error) {
      rows.push({ ...entry, error: String(error).split('\n')[0] });
    }
  }
  return rows;
}

/**
 * The gzipped bytes of what loading `code` costs: its bundle, with the chunks it imports statically. Chunks it loads
 * with `import()` (OAuth scope tables, a scoped token's cloudId lookup) are split off, as application bundlers do,
 * and not counted.
 */
export async function gzippedSize(code, external, platform = 'neutral') {
  const result = await build({
    entryPoints: ['entry'],
    plugins: [
      {
        name: 'entry',
        setup(b) {
          b.onResolve({ filter: /^entry$/ }, () => ({ path: 'entry', namespace: 'entry' }));
          b.onLoad({ filter: /.*/, namespace: 'entry' }, () => ({
            contents: code,
            resolveDir: here,
            loader: 'js',
          }));
        },
      },
    ],
    bundle: true,
    splitting: true,
    outdir: '/virtual-out',
    minify: true,
    format: 'esm',
    platform,
    mainFields: ['module', 'main'],
    conditions: ['import'],
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint);
  const counted = new Set();
  const visit = (name) => {
    if (counted.has(name)) return;
    counted.add(name);
    for (const link of outputs[name].imports)
      if (link.kind === 'import-statement' && !link.external) visit(link.path);
  };
  visit(entry);
  // Metafile paths are relative to the working folder; output files carry absolute ones. The statically loaded
  // chunks are gzipped as one: esbuild moves code that a lazy chunk shares with the entry into a chunk of its own,
  // where Rollup, Rolldown and webpack leave it in the entry's chunk, which is always loaded first.
  const bytes = Buffer.concat([...counted].map((name) => files.get(resolve(name))));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, code: bytes.toString('utf8') };
}

/** Every entry's size; adapters are measured without core and without their client. */
export async function measure() {
  const rows = [];
  for (const entry of ENTRIES) {
    const external = entry.adapter
      ? [...CLIENTS, '@jira-auth/core', '@jira-auth/core/*']
      : entry.overClient
        ? ['node:*', '@jira-auth/core', '@jira-auth/core/*']
        : entry.clientOnly
          ? ['node:*']
          : CLIENTS.filter((client) => client !== 'openapi-fetch');
    rows.push({ ...entry, ...(await gzippedSize(entry.code, external)) });
  }
  // What createJiraClient adds is what it costs beyond openapi-fetch itself.
  const client = rows.find((row) => row.clientOnly);
  for (const row of rows) if (row.overClient) row.gzip -= client.gzip;
  return rows;
}
