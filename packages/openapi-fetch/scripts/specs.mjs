// Jira's OpenAPI specs: where they live (vendored in spec/, see spec/manifest.json), how they are read, the
// operation table the middleware needs, and what changed between two versions of a spec. Shared by
// generate.mjs (the build) and update-specs.mjs (`pnpm spec:update`).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const specDir = fileURLToPath(new URL('../spec/', import.meta.url));

/** The two specs, with the variable that overrides each (a path or a URL). */
export const SPECS = [
  { name: 'platform', variable: 'JIRA_OPENAPI_SPEC' },
  { name: 'software', variable: 'JIRA_SOFTWARE_OPENAPI_SPEC' },
];

export async function readManifest(dir = specDir) {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
}

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Reads a spec from a path or an http(s) URL; returns its bytes and the parsed document. */
export async function loadSpec(source, hint) {
  try {
    let bytes;
    if (/^https?:\/\//.test(source)) {
      const response = await fetch(source);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      bytes = Buffer.from(await response.arrayBuffer());
    } else {
      bytes = await readFile(source);
    }
    const document = JSON.parse(bytes.toString('utf8'));
    if (typeof document?.openapi !== 'string' || typeof document.paths !== 'object') {
      throw new Error('not an OpenAPI 3 document (no `openapi` or `paths`)');
    }
    return { bytes, document };
  } catch (error) {
    throw new Error(
      `Jira's OpenAPI spec could not be read from ${source} (${error.message})${hint ? `: ${hint}` : ''}`,
    );
  }
}

/**
 * The spec the build uses: the variable's path or URL when set, otherwise the vendored file, whose sha256 must
 * match the manifest (a hand-edited or truncated copy is refused rather than silently generating other types).
 */
export async function resolveSpec(spec, { env = process.env, dir = specDir } = {}) {
  const manifest = (await readManifest(dir))[spec.name];
  const override = env[spec.variable];
  if (override) {
    const loaded = await loadSpec(
      override,
      `set ${spec.variable} to a readable path or URL, or unset it to use the vendored spec`,
    );
    return { ...loaded, source: override, official: manifest.source };
  }
  const source = join(dir, manifest.file);
  const loaded = await loadSpec(
    source,
    'the vendored spec is missing: restore it with git, or run `pnpm spec:update`',
  );
  const actual = sha256(loaded.bytes);
  if (actual !== manifest.sha256) {
    throw new Error(
      `${source} does not match spec/manifest.json (sha256 ${actual}, expected ${manifest.sha256}): restore it with git, or run \`pnpm spec:update\` to refresh the specs and the manifest together`,
    );
  }
  return { ...loaded, source, official: manifest.source };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** One row per operation: what the middleware needs to know before sending it. */
export function operationTable(spec) {
  const table = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const security = operation.security ?? [];
      const schemes = security.flatMap((requirement) => Object.keys(requirement));
      const extension = operation['x-atlassian-oauth2-scopes'] ?? [];
      const scopesOf = (state) => [
        ...new Set(extension.filter((entry) => entry.state === state).flatMap((entry) => entry.scopes ?? [])),
      ];
      const oauthRequirement = security.find((requirement) => 'OAuth2' in requirement);
      const classic = scopesOf('Current');
      const content = Object.keys(operation.requestBody?.content ?? {});
      const text = `${operation.description ?? ''} ${operation.summary ?? ''}`;
      table[`${method.toUpperCase()} ${path}`] = {
        operationId: operation.operationId ?? '',
        method: method.toUpperCase(),
        path,
        scopes: classic.length > 0 ? classic : (oauthRequirement?.OAuth2 ?? []),
        granularScopes: scopesOf('Beta'),
        anonymous: security.some((requirement) => Object.keys(requirement).length === 0),
        basicOnly: schemes.includes('basicAuth') && !schemes.includes('OAuth2'),
        deprecated: operation.deprecated === true,
        experimental: operation['x-experimental'] === true,
        // Jira's XSRF check: multipart bodies, and the avatar uploads whose descriptions ask for the header.
        noCheck:
          content.some((type) => type.startsWith('multipart/')) ||
          /X-Atlassian-Token:\s*no-check/i.test(text),
      };
    }
  }
  return table;
}

/**
 * The scopes of every operation with a scope, compactly: each scope name once, and per operation
 * `operationId|classic|granular` with the scopes as base-36 indexes into the names.
 */
export function encodeScopes(table) {
  const names = [];
  const index = new Map();
  const ref = (scope) => {
    if (!index.has(scope)) {
      index.set(scope, names.length);
      names.push(scope);
    }
    return index.get(scope).toString(36);
  };
  const encoded = {};
  for (const key of Object.keys(table).sort()) {
    const { operationId, scopes, granularScopes } = table[key];
    if (scopes.length === 0 && granularScopes.length === 0) continue;
    encoded[key] = `${operationId}|${scopes.map(ref).join(',')}|${granularScopes.map(ref).join(',')}`;
  }
  return { names, encoded };
}

const sameList = (a, b) => a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

/** What changed for users between two operation tables (keys are `METHOD /path`). */
export function diffTables(before, after) {
  const diff = { added: [], removed: [], scopesChanged: [], newlyNoCheck: [], newlyDeprecated: [] };
  for (const key of Object.keys(after).sort()) {
    const now = after[key];
    const then = before[key];
    if (!then) {
      diff.added.push({ key, operationId: now.operationId });
      if (now.noCheck) diff.newlyNoCheck.push({ key, operationId: now.operationId });
      if (now.deprecated) diff.newlyDeprecated.push({ key, operationId: now.operationId });
      continue;
    }
    if (!sameList(then.scopes, now.scopes) || !sameList(then.granularScopes, now.granularScopes)) {
      diff.scopesChanged.push({
        key,
        operationId: now.operationId,
        scopes: { before: then.scopes, after: now.scopes },
        granularScopes: { before: then.granularScopes, after: now.granularScopes },
      });
    }
    if (now.noCheck && !then.noCheck) diff.newlyNoCheck.push({ key, operationId: now.operationId });
    if (now.deprecated && !then.deprecated) diff.newlyDeprecated.push({ key, operationId: now.operationId });
  }
  for (const key of Object.keys(before).sort()) {
    if (!after[key]) diff.removed.push({ key, operationId: before[key].operationId });
  }
  return diff;
}

/** The diff as a person reads it; one line per change. */
export function formatDiff(name, diff) {
  const lines = [];
  const section = (title, rows, render = (row) => `${row.key} (${row.operationId})`) => {
    if (rows.length === 0) return;
    lines.push(`  ${title}: ${rows.length}`);
    for (const row of rows) lines.push(`    ${render(row)}`);
  };
  const list = (scopes) => (scopes.length ? scopes.join(' ') : '(none)');
  section('operations added', diff.added);
  section('operations removed', diff.removed);
  section(
    'scopes changed',
    diff.scopesChanged,
    (row) =>
      `${row.key} (${row.operationId}): classic ${list(row.scopes.before)} -> ${list(row.scopes.after)}; granular ${list(row.granularScopes.before)} -> ${list(row.granularScopes.after)}`,
  );
  section('newly need X-Atlassian-Token: no-check', diff.newlyNoCheck);
  section('newly deprecated', diff.newlyDeprecated);
  return `${name}: ${lines.length === 0 ? 'no change for users' : `\n${lines.join('\n')}`}`;
}
