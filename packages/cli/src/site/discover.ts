// Discovery: what a site has (fields, projects, issue types, ...), read through the same strategy and origin rules as
// every other call, each paginated list followed to its end. A part Jira does not give (a missing OAuth scope, no
// Jira Software) is named in `notDiscovered`, never silently left out.
import { type AuthStrategy, ScopeMissingError } from '@jira-auth/core';
import {
  compareFieldIds,
  rolesOf,
  SITE_FORMAT_VERSION,
  SITE_SCHEMA_URL,
  type SiteBoard,
  type SiteField,
  type SiteFile,
  type SiteGap,
  type SiteIssueType,
  type SiteNamed,
  type SitePart,
  type SiteProject,
  type SiteStatus,
} from '@jira-auth/core/site';
import { jiraFetch } from '@jira-auth/fetch';
import { nextPage } from '../api.js';

export interface DiscoverOptions {
  /** The site (Cloud) or base URL (Data Center) the file names. */
  site: string;
  dataCenter: boolean;
  /** Only these project keys (and their boards). */
  projects?: readonly string[] | undefined;
  /** Read the fields each issue type takes on create. */
  createMeta?: boolean | undefined;
}

/**
 * The OAuth scopes each part needs, as Jira's OpenAPI spec lists them (classic scopes; the granular ones work too):
 * named when a token lacks them.
 */
const PART_SCOPES: Record<SitePart, readonly string[]> = {
  fields: ['read:jira-work'],
  projects: ['read:jira-work'],
  issueTypes: ['read:jira-work'],
  priorities: ['manage:jira-configuration'],
  statuses: ['read:jira-work'],
  linkTypes: ['read:jira-work'],
  resolutions: ['read:jira-work'],
  boards: ['read:board-scope:jira-software', 'read:project:jira'],
  createMeta: ['read:jira-work'],
};

/** Jira's answer was one that leaves a part undiscovered rather than failing the whole run. */
class Gap extends Error {
  constructor(
    readonly reason: string,
    readonly scopeMissing = false,
  ) {
    super(reason);
  }
}

type Json = Record<string, unknown>;
const PAGE = 50;
const text = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));
const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : 1);

export async function discoverSite(strategy: AuthStrategy, options: DiscoverOptions): Promise<SiteFile> {
  const fetch = jiraFetch(strategy);
  const api = options.dataCenter ? '/rest/api/2' : '/rest/api/3';

  async function get(path: string | URL): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(path, { headers: { accept: 'application/json' }, redirect: 'error' });
    } catch (error) {
      if (ScopeMissingError.isInstance(error)) throw new Gap('the token lacks a scope this needs', true);
      throw error;
    }
    if (response.ok) return response.json();
    const answer = await response.text();
    // The gateway's 401 for a token without a scope the call needs (when the adapter passes it on as it is).
    if (response.status === 401 && /scope does not match/i.test(answer)) {
      throw new Gap('the token lacks a scope this needs', true);
    }
    if (response.status === 403) throw new Gap('Jira answered 403: this account may not read it');
    if (response.status === 404) throw new Gap('Jira answered 404: the site does not serve it');
    throw new Error(`Jira answered ${response.status} to GET ${new URL(path, 'http://x').pathname}`);
  }

  /** Every page of a `startAt`/`total`/`isLast` list, the items under `key`, as `jira-auth api --paginate` reads them. */
  async function all(path: string, key = 'values'): Promise<Json[]> {
    const base = `${(await strategy.baseUrl()).href.replace(/\/+$/, '')}/`;
    const items: Json[] = [];
    let url: URL | undefined = new URL(
      `${path.replace(/^\/+/, '')}${path.includes('?') ? '&' : '?'}maxResults=${PAGE}`,
      base,
    );
    while (url) {
      const page = (await get(url)) as Json;
      if (!Array.isArray(page[key])) return items;
      items.push(...(page[key] as Json[]));
      url = nextPage(url, page, key);
    }
    return items;
  }

  const gaps: SiteGap[] = [];
  /** One part: its value, or undefined and a gap that says why. */
  async function part<T>(name: SitePart, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof Gap)) throw error;
      gaps.push({
        part: name,
        reason: error.scopeMissing
          ? `the token lacks a scope it needs: ${PART_SCOPES[name].join(', ')}`
          : error.reason,
        ...(error.scopeMissing ? { scopes: PART_SCOPES[name] } : {}),
      });
      return undefined;
    }
  }

  const issueType = (type: Json): SiteIssueType => ({
    id: text(type.id),
    name: text(type.name),
    subtask: type.subtask === true,
    hierarchyLevel: typeof type.hierarchyLevel === 'number' ? type.hierarchyLevel : type.subtask ? -1 : 0,
  });
  const named = (entry: Json): SiteNamed => ({ id: text(entry.id), name: text(entry.name) });
  const wanted = options.projects && new Set(options.projects);

  const fields = await part('fields', async () => {
    // /field has the clause names; Cloud's /field/search pages are the list Atlassian maintains going forward.
    const details = (await get(`${api}/field`)) as Json[];
    const paged = options.dataCenter ? [] : await all(`${api}/field/search`);
    const merged = new Map<string, Json>();
    for (const field of [...paged, ...details])
      merged.set(text(field.id), { ...merged.get(text(field.id)), ...field });
    return [...merged.values()]
      .map((field): SiteField => {
        const schema = field.schema as Json | undefined;
        return {
          id: text(field.id),
          name: text(field.name),
          custom: field.custom === true || text(field.id).startsWith('customfield_'),
          ...(schema
            ? {
                schema: {
                  type: text(schema.type),
                  ...(schema.items ? { items: text(schema.items) } : {}),
                  ...(schema.system ? { system: text(schema.system) } : {}),
                  ...(schema.custom ? { custom: text(schema.custom) } : {}),
                },
              }
            : {}),
          clauseNames: Array.isArray(field.clauseNames) ? field.clauseNames.map(text).sort() : [],
        };
      })
      .sort((a, b) => compareFieldIds(a.id, b.id));
  });

  const projects = await part('projects', async () => {
    let found: Json[];
    if (options.dataCenter) {
      // Data Center lists projects without their issue types; each project's own answer has them.
      const listed = ((await get(`${api}/project`)) as Json[]).filter(
        (p) => !wanted || wanted.has(text(p.key)),
      );
      found = [];
      for (const project of listed)
        found.push((await get(`${api}/project/${encodeURIComponent(text(project.key))}`)) as Json);
    } else {
      const keys = wanted ? `&keys=${[...wanted].map(encodeURIComponent).join(',')}` : '';
      found = await all(`${api}/project/search?expand=issueTypes${keys}`);
    }
    return found
      .map(
        (project): SiteProject => ({
          id: text(project.id),
          key: text(project.key),
          name: text(project.name),
          type: text(project.projectTypeKey),
          style:
            project.style === 'next-gen' || project.simplified === true ? 'team-managed' : 'company-managed',
          issueTypes: (Array.isArray(project.issueTypes) ? (project.issueTypes as Json[]) : [])
            .map(issueType)
            .sort(byId),
        }),
      )
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  });

  // Team-managed projects' own issue types (those with a `scope`) are listed under their project only.
  const issueTypes = await part('issueTypes', async () =>
    ((await get(`${api}/issuetype`)) as Json[])
      .filter((type) => type.scope === undefined)
      .map(issueType)
      .sort(byId),
  );
  const priorities = await part('priorities', async () =>
    (options.dataCenter ? ((await get(`${api}/priority`)) as Json[]) : await all(`${api}/priority/search`))
      .map(named)
      .sort(byId),
  );
  const statuses = await part('statuses', async () =>
    ((await get(`${api}/status`)) as Json[])
      .map(
        (status): SiteStatus => ({
          id: text(status.id),
          name: text(status.name),
          category: text((status.statusCategory as Json | undefined)?.key),
        }),
      )
      .sort(byId),
  );
  const linkTypes = await part('linkTypes', async () =>
    (((await get(`${api}/issueLinkType`)) as Json).issueLinkTypes as Json[])
      .map((type) => ({ ...named(type), inward: text(type.inward), outward: text(type.outward) }))
      .sort(byId),
  );
  const resolutions = await part('resolutions', async () =>
    (options.dataCenter
      ? ((await get(`${api}/resolution`)) as Json[])
      : await all(`${api}/resolution/search`)
    )
      .map(named)
      .sort(byId),
  );
  const boards = await part('boards', async () =>
    (await all('/rest/agile/1.0/board'))
      .map((board): SiteBoard => {
        const projectKey = (board.location as Json | undefined)?.projectKey;
        return {
          id: Number(board.id),
          name: text(board.name),
          type: text(board.type),
          ...(typeof projectKey === 'string' ? { projectKey } : {}),
        };
      })
      .filter((board) => !wanted || (board.projectKey !== undefined && wanted.has(board.projectKey)))
      .sort((a, b) => a.id - b.id),
  );

  // Without create-meta (a scope, a permission), the projects stay as they are.
  const withCreateMeta =
    options.createMeta && projects
      ? ((await part('createMeta', () => createMeta(projects))) ?? projects)
      : projects;

  /** Each project's issue types with the fields they take on create, through the paginated create-meta calls. */
  async function createMeta(list: readonly SiteProject[]): Promise<SiteProject[]> {
    const items = options.dataCenter ? 'values' : 'issueTypes';
    const fieldItems = options.dataCenter ? 'values' : 'fields';
    return mapLimit(list, 4, async (project) => {
      const base = `${api}/issue/createmeta/${encodeURIComponent(project.key)}/issuetypes`;
      const creatable = new Set((await all(base, items)).map((type) => text(type.id)));
      const types: SiteIssueType[] = [];
      for (const type of project.issueTypes) {
        if (!creatable.has(type.id)) {
          types.push(type);
          continue;
        }
        const fields = await all(`${base}/${encodeURIComponent(type.id)}`, fieldItems);
        const ids = (required: boolean) =>
          fields
            .filter((field) => (field.required === true) === required)
            .map((field) => text(field.fieldId ?? field.key))
            .sort(compareFieldIds);
        types.push({ ...type, create: { required: ids(true), optional: ids(false) } });
      }
      return { ...project, issueTypes: types };
    });
  }

  return {
    $schema: SITE_SCHEMA_URL,
    formatVersion: SITE_FORMAT_VERSION,
    site: options.site.replace(/\/$/, ''),
    deploymentType: options.dataCenter ? 'Server' : 'Cloud',
    discovery: {
      ...(options.projects ? { projects: [...options.projects].sort() } : {}),
      createMeta: options.createMeta === true,
    },
    notDiscovered: gaps.sort((a, b) => (a.part < b.part ? -1 : 1)),
    ...(fields ? { roles: rolesOf(fields), fields } : {}),
    ...(withCreateMeta ? { projects: withCreateMeta } : {}),
    ...(issueTypes ? { issueTypes } : {}),
    ...(priorities ? { priorities } : {}),
    ...(statuses ? { statuses } : {}),
    ...(linkTypes ? { linkTypes } : {}),
    ...(resolutions ? { resolutions } : {}),
    ...(boards ? { boards } : {}),
  };
}

/** `work` over `items`, at most `limit` at a time, results in the items' order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
