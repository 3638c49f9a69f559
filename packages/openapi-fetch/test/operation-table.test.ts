import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  confluenceOperations,
  confluenceV1Operations,
  platformOperations,
  serviceDeskOperations,
  softwareOperations,
} from '../src/operations.js';

// The same spec the generator read (JIRA_OPENAPI_SPEC, or the copy vendored in spec/).
const specPath =
  process.env.JIRA_OPENAPI_SPEC && !/^https?:/.test(process.env.JIRA_OPENAPI_SPEC)
    ? process.env.JIRA_OPENAPI_SPEC
    : fileURLToPath(new URL('../spec/platform.v3.json', import.meta.url));
type SpecOperation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  'x-atlassian-oauth2-scopes'?: { scopes: string[]; state: string }[];
  requestBody?: { content?: Record<string, unknown> };
  deprecated?: boolean;
};
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as {
  paths: Record<string, Record<string, SpecOperation>>;
};

const byId = (id: string) =>
  Object.values(platformOperations).find((operation) => operation.operationId === id);

describe('the generated operation table agrees with the spec', () => {
  it('has every operation', () => {
    let count = 0;
    for (const item of Object.values(spec.paths))
      count += Object.keys(item).filter((key) => /^(get|put|post|delete|patch)$/.test(key)).length;
    expect(Object.keys(platformOperations)).toHaveLength(count);
    expect(count).toBe(616);
    expect(Object.keys(softwareOperations).length).toBeGreaterThan(50);
  });

  it('getCurrentUser needs read:jira-user, or granular read:user:jira and company', () => {
    expect(platformOperations['GET /rest/api/3/myself']).toMatchObject({
      operationId: 'getCurrentUser',
      scopes: ['read:jira-user'],
      anonymous: false,
      noCheck: false,
    });
    expect(byId('getCurrentUser')?.granularScopes).toContain('read:user:jira');
  });

  it('addAttachment and the avatar uploads need X-Atlassian-Token: no-check', () => {
    expect(platformOperations['POST /rest/api/3/issue/{issueIdOrKey}/attachments']).toMatchObject({
      operationId: 'addAttachment',
      scopes: ['write:jira-work'],
      noCheck: true,
    });
    for (const id of ['createIssueTypeAvatar', 'createProjectAvatar', 'storeAvatar'])
      expect(byId(id)?.noCheck, id).toBe(true);
    expect(byId('getIssue')?.noCheck).toBe(false);
  });

  it('counts anonymous, basic-only, deprecated and experimental operations as the spec does', () => {
    const all = Object.values(platformOperations);
    expect(all.filter((operation) => operation.anonymous)).toHaveLength(237);
    expect(all.filter((operation) => operation.basicOnly)).toHaveLength(7);
    expect(all.filter((operation) => operation.deprecated)).toHaveLength(21);
    expect(all.filter((operation) => operation.experimental)).toHaveLength(117);
  });

  it('matches the spec operation by operation', () => {
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!/^(get|put|post|delete|patch)$/.test(method)) continue;
        const row = platformOperations[`${method.toUpperCase()} ${path}`];
        expect(row?.operationId).toBe(operation.operationId);
        const scopes = operation['x-atlassian-oauth2-scopes'] ?? [];
        const current = scopes.filter((entry) => entry.state === 'Current').flatMap((entry) => entry.scopes);
        if (current.length > 0) expect(new Set(row?.scopes)).toEqual(new Set(current));
        const beta = scopes.filter((entry) => entry.state === 'Beta').flatMap((entry) => entry.scopes);
        expect(new Set(row?.granularScopes)).toEqual(new Set(beta));
        expect(row?.anonymous).toBe(
          (operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0),
        );
        expect(row?.deprecated).toBe(operation.deprecated === true);
        if (Object.keys(operation.requestBody?.content ?? {}).some((type) => type.startsWith('multipart/'))) {
          expect(row?.noCheck).toBe(true);
        }
      }
    }
  });
});

describe('the areas (one entry point per tag) cut the spec without losing anything', () => {
  it('puts every operation in the area of its tag, and keeps every schema an area refers to', async () => {
    // @ts-expect-error the build scripts are plain JavaScript
    const { splitByArea, areaName } = await import('../scripts/areas.mjs');
    const areas: Record<string, { tag: string; document: { paths: typeof spec.paths; components: object } }> =
      splitByArea(spec);
    const placed = new Set<string>();
    for (const [name, { tag, document }] of Object.entries(areas)) {
      expect(name).toBe(areaName(tag));
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          if (!/^(get|put|post|delete|patch)$/.test(method)) continue;
          expect((operation as { tags?: string[] }).tags ?? ['Issue worklogs']).toContain(tag);
          placed.add(`${method.toUpperCase()} ${path}`);
        }
      }
      const text = JSON.stringify(document);
      for (const [, kind, schema] of text.matchAll(/"#\/components\/([^/"]+)\/([^"]+)"/g)) {
        expect(
          (document.components as Record<string, Record<string, unknown>>)[kind as string]?.[
            schema as string
          ],
          `${name} refers to ${kind}/${schema}`,
        ).toBeDefined();
      }
    }
    expect([...placed].sort()).toEqual(Object.keys(platformOperations).sort());
    expect(Object.keys(areas)).toContain('issue-comments');
  });
});

describe("the other products' tables", () => {
  it('have every operation of their specs, keyed by the paths their clients take', () => {
    expect(Object.keys(serviceDeskOperations)).toHaveLength(72);
    expect(Object.keys(confluenceOperations)).toHaveLength(218);
    expect(Object.keys(confluenceV1Operations)).toHaveLength(130);
    expect(Object.keys(confluenceOperations).every((key) => / \/api\/v2\//.test(key))).toBe(true);
    expect(Object.keys(confluenceV1Operations).some((key) => key.includes(' /wiki/'))).toBe(false);
  });

  it("Confluence v2's scopes are granular, and all of them are needed", () => {
    expect(confluenceOperations['GET /api/v2/pages']).toMatchObject({
      operationId: 'getPages',
      scopes: ['read:page:confluence'],
      granularScopes: [],
    });
  });

  it("Confluence v1's uploads and watches need no-check, whatever their docs' spelling", () => {
    const noCheck = Object.keys(confluenceV1Operations).filter((key) => confluenceV1Operations[key]?.noCheck);
    expect(noCheck.sort()).toEqual([
      'POST /rest/api/content/{id}/child/attachment',
      'POST /rest/api/content/{id}/child/attachment/{attachmentId}/data',
      'POST /rest/api/user/watch/content/{contentId}',
      'POST /rest/api/user/watch/label/{labelName}',
      'POST /rest/api/user/watch/space/{spaceKey}',
      'PUT /rest/api/content/{id}/child/attachment',
    ]);
  });

  it('Service Management: the experimental methods and attachTemporaryFile take the opt-in; attachTemporaryFile takes no-check', () => {
    const optIn = Object.values(serviceDeskOperations).filter((operation) => operation.optIn);
    expect(
      optIn.filter((operation) => !operation.experimental).map((operation) => operation.operationId),
    ).toEqual(['attachTemporaryFile']);
    expect(optIn).toHaveLength(
      Object.values(serviceDeskOperations).filter((row) => row.experimental).length + 1,
    );
    expect(
      Object.values(serviceDeskOperations)
        .filter((operation) => operation.noCheck)
        .map((operation) => operation.operationId),
    ).toEqual(['attachTemporaryFile']);
    expect(Object.values(platformOperations).some((operation) => operation.optIn)).toBe(false);
  });
});
