// Atlassian's OpenAPI specs (Jira, Jira Software, Jira Service Management, Confluence v2 and v1): where they live (vendored in spec/, see spec/manifest.json), how they are read, the
// operation table the middleware needs, and what changed between two versions of a spec. Shared by
// generate.mjs (the build) and update-specs.mjs (`pnpm spec:update`).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const specDir = fileURLToPath(new URL('../spec/', import.meta.url));

/**
 * The specs, with the variable that overrides each (a path or a URL), the product whose client uses it, and the
 * path its keys are rooted at. A client's paths are relative to the product's base (Jira's site or gateway base,
 * Confluence's `<site>/wiki` or `/ex/confluence/{cloudId}/wiki`), so Confluence v2's keys (relative to
 * `/wiki/api/v2`) gain `/api/v2`, and v1's (`/wiki/rest/api/...`) lose `/wiki`.
 */
export const SPECS = [
  { name: 'platform', id: 'platform', variable: 'JIRA_OPENAPI_SPEC', product: 'jira' },
  { name: 'software', id: 'software', variable: 'JIRA_SOFTWARE_OPENAPI_SPEC', product: 'jira' },
  {
    name: 'service-desk',
    id: 'serviceDesk',
    variable: 'JIRA_SERVICE_DESK_OPENAPI_SPEC',
    product: 'service-management',
  },
  {
    name: 'confluence',
    id: 'confluence',
    variable: 'CONFLUENCE_OPENAPI_SPEC',
    product: 'confluence',
    root: { add: '/api/v2' },
  },
  {
    name: 'confluence-v1',
    id: 'confluenceV1',
    variable: 'CONFLUENCE_V1_OPENAPI_SPEC',
    product: 'confluence',
    root: { strip: '/wiki' },
  },
];

/**
 * Operations whose operationId the spec uses twice (Service Management's), renamed: openapi-typescript needs them
 * unique, and the scope table and errors name operations by them. The first of each pair keeps its name.
 */
const RENAMED = {
  'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/knowledgebase/article': 'getArticlesOfServiceDesk',
  'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization': 'getOrganizationsOfServiceDesk',
  'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/property':
    'getPropertiesKeysOfRequestType',
  'GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/property/{propertyKey}':
    'getPropertyOfRequestType',
  'PUT /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/property/{propertyKey}':
    'setPropertyOfRequestType',
  'DELETE /rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/property/{propertyKey}':
    'deletePropertyOfRequestType',
};

/**
 * The document as the clients see it: path keys rooted at the product's base (see `SPECS`), and every operationId
 * unique (`RENAMED`). The same object when there is nothing to change.
 */
export function prepare(spec, document) {
  const root = spec.root;
  const paths = {};
  const ids = new Set();
  let changed = false;
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    let key = path;
    if (root?.strip) {
      if (!path.startsWith(`${root.strip}/`))
        throw new Error(
          `${spec.name}: the path ${path} is not under ${root.strip}, where every path should be`,
        );
      key = path.slice(root.strip.length);
    }
    if (root?.add) key = `${root.add}${path}`;
    changed ||= key !== path;
    paths[key] = item;
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation?.operationId) continue;
      const renamed = RENAMED[`${method.toUpperCase()} ${key}`];
      if (renamed) {
        paths[key] = { ...paths[key], [method]: { ...operation, operationId: renamed } };
        changed = true;
      } else if (ids.has(operation.operationId)) {
        throw new Error(
          `${spec.name}: ${method.toUpperCase()} ${key} reuses the operationId ${operation.operationId}: give it a name of its own in RENAMED (scripts/specs.mjs)`,
        );
      }
      ids.add(renamed ?? operation.operationId);
    }
  }
  return changed ? { ...document, paths } : document;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

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

/**
 * One row per operation: what the middleware needs to know before sending it. The OAuth scheme is the spec's
 * `oauth2` security scheme, whatever its name (`OAuth2` in Jira's specs, `oAuthDefinitions` in Confluence's).
 */
export function operationTable(spec) {
  const table = {};
  const schemes = Object.entries(spec.components?.securitySchemes ?? {});
  const oauth = new Set(schemes.filter(([, scheme]) => scheme?.type === 'oauth2').map(([name]) => name));
  if (oauth.size === 0) oauth.add('OAuth2');
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const security = operation.security ?? [];
      const names = security.flatMap((requirement) => Object.keys(requirement));
      const extension = operation['x-atlassian-oauth2-scopes'] ?? [];
      const scopesOf = (state) => [
        ...new Set(extension.filter((entry) => entry.state === state).flatMap((entry) => entry.scopes ?? [])),
      ];
      const oauthScopes = security.flatMap((requirement) =>
        Object.entries(requirement).flatMap(([name, scopes]) => (oauth.has(name) ? scopes : [])),
      );
      const classic = scopesOf('Current');
      const content = Object.keys(operation.requestBody?.content ?? {});
      const text = `${operation.description ?? ''} ${operation.summary ?? ''}`;
      table[`${method.toUpperCase()} ${path}`] = {
        operationId: operation.operationId ?? '',
        method: method.toUpperCase(),
        path,
        scopes: classic.length > 0 ? classic : [...new Set(oauthScopes)],
        granularScopes: scopesOf('Beta'),
        anonymous: security.some((requirement) => Object.keys(requirement).length === 0),
        basicOnly: names.includes('basicAuth') && !names.some((name) => oauth.has(name)),
        deprecated: operation.deprecated === true,
        experimental: operation['x-experimental'] === true,
        // Service Management answers an experimental method 412 without `X-ExperimentalApi: opt-in`; some methods
        // (attachTemporaryFile) ask for it in their description only.
        optIn:
          /\/rest\/servicedeskapi\//.test(path) && operation['x-experimental'] === true
            ? true
            : /X-ExperimentalApi:\s*opt-in/i.test(text),
        // The XSRF check: multipart bodies, and the operations whose descriptions ask for the header (Jira's avatar
        // uploads; Confluence's watchers). Confluence v1 spells it `nocheck` in places: `no-check` is what is sent.
        noCheck:
          content.some((type) => type.startsWith('multipart/')) ||
          /X-Atlassian-Token:\s*no-?check/i.test(text),
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
