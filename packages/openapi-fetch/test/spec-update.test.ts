// `pnpm spec:update` on two local spec files: no network. The diff is what a maintainer reads before a release.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import * as specs from '../scripts/specs.mjs';

const { diffTables, formatDiff, operationTable, prepare, resolveSpec, SPECS, sha256 } = specs;

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const script = fileURLToPath(new URL('../scripts/update-specs.mjs', import.meta.url));
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Confluence v1's keys carry `/wiki`, which its client's paths drop: a spec of one such path. */
const WIKI_SPEC = JSON.stringify({
  openapi: '3.0.1',
  info: { version: '1.0.0' },
  paths: { '/wiki/rest/api/search': { get: { operationId: 'searchByCQL' } } },
});

/** A spec folder like spec/, holding the "before" fixture as every spec (a /wiki one as Confluence v1). */
async function specFolder() {
  dir = await mkdtemp(join(tmpdir(), 'jira-spec-'));
  const manifest: Record<string, unknown> = {};
  for (const { name } of SPECS as { name: string }[]) {
    const bytes =
      name === 'confluence-v1' ? Buffer.from(WIKI_SPEC) : await readFile(fixture('spec-before.json'));
    await writeFile(join(dir, `${name}.v3.json`), bytes);
    manifest[name] = {
      file: `${name}.v3.json`,
      title: 'Jira fixture',
      source: `https://example.invalid/${name}.json`,
      version: '1.0.0',
      retrieved: '2025-01-01',
      bytes: bytes.length,
      sha256: sha256(bytes),
    };
  }
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('what changed for users between two specs', () => {
  it('lists operations added and removed, scopes changed, new no-check operations and deprecations', async () => {
    const before = operationTable(await readJson(fixture('spec-before.json')));
    const after = operationTable(await readJson(fixture('spec-after.json')));
    const diff = diffTables(before, after);
    expect(diff.added).toEqual([
      { key: 'POST /rest/api/3/issue/{issueIdOrKey}/attachments', operationId: 'addAttachment' },
    ]);
    expect(diff.removed).toEqual([
      { key: 'DELETE /rest/api/3/issue/{issueIdOrKey}', operationId: 'deleteIssue' },
    ]);
    expect(diff.scopesChanged).toEqual([
      {
        key: 'GET /rest/api/3/myself',
        operationId: 'getCurrentUser',
        scopes: { before: ['read:jira-user'], after: ['read:jira-user'] },
        granularScopes: { before: ['read:user:jira'], after: ['read:user:jira', 'read:account'] },
      },
    ]);
    expect(diff.newlyNoCheck.map((row: { operationId: string }) => row.operationId)).toEqual([
      'addAttachment',
      'createProjectAvatar',
    ]);
    expect(diff.newlyDeprecated.map((row: { operationId: string }) => row.operationId)).toEqual(['getIssue']);
  });

  it('says so when nothing changed for users', () => {
    const table = {
      'GET /x': { operationId: 'x', scopes: [], granularScopes: [], noCheck: false, deprecated: false },
    };
    expect(formatDiff('platform', diffTables(table, table))).toBe('platform: no change for users');
  });
});

describe('pnpm spec:update', () => {
  it('replaces the vendored specs, rewrites the manifest and prints the diff', async () => {
    const folder = await specFolder();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [script, '--dir', folder, '--no-generate'],
      {
        env: {
          ...process.env,
          JIRA_OPENAPI_SPEC: fixture('spec-after.json'),
          JIRA_SOFTWARE_OPENAPI_SPEC: fixture('spec-before.json'),
          JIRA_SERVICE_DESK_OPENAPI_SPEC: fixture('spec-before.json'),
          CONFLUENCE_OPENAPI_SPEC: fixture('spec-before.json'),
          CONFLUENCE_V1_OPENAPI_SPEC: join(folder, 'confluence-v1.v3.json'),
        },
      },
    );
    expect(stdout).toContain('platform (1.0.0 -> 2.0.0): \n  operations added: 1\n');
    expect(stdout).toContain(
      '  operations removed: 1\n    DELETE /rest/api/3/issue/{issueIdOrKey} (deleteIssue)',
    );
    expect(stdout).toContain(
      'GET /rest/api/3/myself (getCurrentUser): classic read:jira-user -> read:jira-user; granular read:user:jira -> read:user:jira read:account',
    );
    expect(stdout).toContain('  newly need X-Atlassian-Token: no-check: 2\n');
    expect(stdout).toContain('  newly deprecated: 1\n    GET /rest/api/3/issue/{issueIdOrKey} (getIssue)');
    expect(stdout).toContain('software (1.0.0 -> 1.0.0): no change for users');
    expect(stdout).toContain('confluence-v1 (1.0.0 -> 1.0.0): no change for users');

    const after = await readFile(fixture('spec-after.json'));
    expect(await readFile(join(folder, 'platform.v3.json'))).toEqual(after);
    const manifest = await readJson(join(folder, 'manifest.json'));
    expect(manifest.platform).toMatchObject({
      file: 'platform.v3.json',
      source: 'https://example.invalid/platform.json',
      version: '2.0.0',
      bytes: after.length,
      sha256: sha256(after),
    });
    expect(manifest.platform.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The build accepts what the update wrote.
    const resolved = await resolveSpec(SPECS[0], { env: {}, dir: folder });
    expect(resolved.document.info.version).toBe('2.0.0');
  });

  it('the build refuses a vendored spec that does not match its manifest', async () => {
    const folder = await specFolder();
    await copyFile(fixture('spec-after.json'), join(folder, 'platform.v3.json'));
    await expect(resolveSpec(SPECS[0], { env: {}, dir: folder })).rejects.toThrow(
      /platform\.v3\.json does not match spec\/manifest\.json \(sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\): restore it with git, or run `pnpm spec:update`/,
    );
  });

  it('the vendored specs match the manifest, each from Atlassian', async () => {
    const seen: Record<string, [string, string]> = {};
    for (const spec of SPECS) {
      const { document, official } = await resolveSpec(spec, { env: {} });
      seen[spec.name] = [official, document.openapi];
    }
    expect(seen).toEqual({
      platform: ['https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json', '3.0.1'],
      software: ['https://developer.atlassian.com/cloud/jira/software/swagger.v3.json', '3.0.1'],
      'service-desk': ['https://developer.atlassian.com/cloud/jira/service-desk/swagger.v3.json', '3.0.1'],
      confluence: ['https://dac-static.atlassian.com/cloud/confluence/openapi-v2.v3.json', '3.0.3'],
      'confluence-v1': ['https://dac-static.atlassian.com/cloud/confluence/swagger.v3.json', '3.0.1'],
    });
  });

  it("the clients' paths are rooted at each product's base, and operationIds made unique", async () => {
    const [, , desk, v2, v1] = await Promise.all(
      (SPECS as { name: string }[]).map(async (spec) =>
        prepare(spec, (await resolveSpec(spec, { env: {} })).document),
      ),
    );
    expect(Object.keys(v2.paths)).toContain('/api/v2/pages/{id}');
    expect(Object.keys(v1.paths)).toContain('/rest/api/search');
    expect(Object.keys(v1.paths).filter((path) => path.startsWith('/wiki'))).toEqual([]);
    const ids = Object.values(desk.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).flatMap((operation) =>
        operation?.operationId ? [operation.operationId] : [],
      ),
    );
    expect(ids).toHaveLength(72);
    expect(new Set(ids).size).toBe(72);
    expect(ids).toContain('getArticlesOfServiceDesk');
    expect(() => prepare(SPECS[4], { paths: { '/rest/api/search': {} } })).toThrow(
      'confluence-v1: the path /rest/api/search is not under /wiki, where every path should be',
    );
  });
});
