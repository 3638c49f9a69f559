// The configuration endpoints a set-up routine reads, in Cloud's shapes (`/rest/api/3`, paginated searches) and Data
// Center's (`/rest/api/2`, whole lists, create-meta pages in `values`). Every page here may hold fewer items than
// `maxResults` asked for, as Jira's may: a client follows `isLast`/`total`, never the page size it asked for.
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#pagination
import { type EmulatedRequest, type EmulatedResponse, json } from './http.js';
import {
  type EmulatedField,
  type EmulatedIssueType,
  type EmulatedProject,
  LINK_TYPES,
  PRIORITIES,
  RESOLUTIONS,
  type SiteModel,
  STATUS_CATEGORIES,
  STATUSES,
} from './site-model.js';

type Deployment = 'Cloud' | 'Server';

/** Create-meta pages hold at most this many entries, whatever was asked: clients must follow the pages. */
const CREATE_META_PAGE = 10;

/** `maxResults`, as Jira takes it: 1 to `cap`, 50 when absent or not a count. */
export function pageSize(request: EmulatedRequest, cap = 100): number {
  const asked = Number(request.query.get('maxResults') ?? 50);
  return Number.isInteger(asked) && asked > 0 ? Math.min(asked, cap) : 50;
}

/** `startAt` and `maxResults` as Jira reads them. */
function window(request: EmulatedRequest, cap = 50): { startAt: number; size: number } {
  const startAt = Math.max(0, Number(request.query.get('startAt') ?? 0) || 0);
  return { startAt, size: pageSize(request, cap) };
}

/** A `PageBean`: `startAt`, `maxResults`, `total`, `isLast` and the page's items under `key`. */
function page<T>(request: EmulatedRequest, all: readonly T[], key = 'values', cap = 50): EmulatedResponse {
  const { startAt, size } = window(request, cap);
  const items = all.slice(startAt, startAt + size);
  return json(200, {
    startAt,
    maxResults: size,
    total: all.length,
    isLast: startAt + items.length >= all.length,
    [key]: items,
  });
}

function issueTypeJson(issueType: EmulatedIssueType, api: string) {
  return {
    self: `${api}/issuetype/${issueType.id}`,
    id: issueType.id,
    name: issueType.name,
    subtask: issueType.subtask,
    hierarchyLevel: issueType.hierarchyLevel,
    ...(issueType.projectId ? { scope: { type: 'PROJECT', project: { id: issueType.projectId } } } : {}),
  };
}

function projectJson(project: EmulatedProject, api: string, deployment: Deployment, withTypes: boolean) {
  return {
    self: `${api}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.type,
    ...(deployment === 'Cloud' ? { style: project.style, simplified: project.style === 'next-gen' } : {}),
    ...(withTypes ? { issueTypes: project.issueTypes.map((type) => issueTypeJson(type, api)) } : {}),
  };
}

/** `/field` (both) carries clause names and `custom`; Cloud's `/field/search` pages carry neither. */
function fieldJson(field: EmulatedField, detailed: boolean) {
  const clauseNames = field.custom
    ? [`cf[${field.schema.customId}]`, field.name]
    : [field.id === 'issuetype' ? 'type' : field.id];
  return {
    id: field.id,
    key: field.id,
    name: field.name,
    schema: field.schema,
    ...(detailed
      ? { custom: field.custom, orderable: true, navigable: true, searchable: true, clauseNames }
      : {}),
  };
}

function createFieldJson(entry: { field: EmulatedField; required: boolean }) {
  return {
    required: entry.required,
    schema: entry.field.schema,
    name: entry.field.name,
    fieldId: entry.field.id,
    key: entry.field.id,
    hasDefaultValue: false,
    operations: ['set'],
  };
}

const notFound = (message: string) => json(404, { errorMessages: [message], errors: {} });

/**
 * The configuration routes below `/rest/api/{version}` (`route` is the part after it), or undefined for another
 * route. `api` is the URL callers reach the API version at.
 */
export function siteRest(
  request: EmulatedRequest,
  route: string,
  api: string,
  deployment: Deployment,
  site: SiteModel,
): EmulatedResponse | undefined {
  if (request.method !== 'GET') return undefined;
  const projects = site.projectsOf(deployment);
  const cloud = deployment === 'Cloud';
  switch (route) {
    case '/field':
      return json(
        200,
        site.fieldsOf(deployment).map((field) => fieldJson(field, true)),
      );
    case '/field/search':
      return cloud
        ? page(
            request,
            site.fieldsOf(deployment).map((field) => fieldJson(field, false)),
          )
        : undefined;
    case '/project/search': {
      const withTypes = (request.query.get('expand') ?? '').split(',').includes('issueTypes');
      const keys = request.query.getAll('keys').flatMap((keys) => keys.split(','));
      const chosen = keys.length > 0 ? projects.filter((p) => keys.includes(p.key)) : projects;
      return cloud
        ? page(
            request,
            chosen.map((project) => projectJson(project, api, deployment, withTypes)),
          )
        : undefined;
    }
    case '/project':
      // Data Center's whole list, without issue types (they come with each project).
      return json(
        200,
        projects.map((project) => projectJson(project, api, deployment, false)),
      );
    case '/issuetype':
      return json(
        200,
        site.issueTypesOf(deployment).map((type) => issueTypeJson(type, api)),
      );
    case '/status':
      return json(
        200,
        STATUSES.map((status) => ({
          self: `${api}/status/${status.id}`,
          id: status.id,
          name: status.name,
          statusCategory: STATUS_CATEGORIES[status.category],
        })),
      );
    case '/issueLinkType':
      return json(200, { issueLinkTypes: LINK_TYPES });
    case '/priority':
      return json(200, PRIORITIES);
    case '/priority/search':
      return cloud ? page(request, PRIORITIES) : undefined;
    case '/resolution':
      return json(200, RESOLUTIONS);
    case '/resolution/search':
      return cloud ? page(request, RESOLUTIONS) : undefined;
  }
  const single = /^\/project\/([^/]+)$/.exec(route);
  if (single) {
    const wanted = decodeURIComponent(single[1] ?? '');
    const project = projects.find((candidate) => candidate.key === wanted || candidate.id === wanted);
    return project
      ? json(200, projectJson(project, api, deployment, true))
      : notFound(`No project could be found with key '${wanted}'.`);
  }
  const createMeta = /^\/issue\/createmeta\/([^/]+)\/issuetypes(?:\/([^/]+))?$/.exec(route);
  if (createMeta) {
    const wanted = decodeURIComponent(createMeta[1] ?? '');
    const project = projects.find((candidate) => candidate.key === wanted || candidate.id === wanted);
    if (!project) return notFound(`No project could be found with key '${wanted}'.`);
    // Cloud pages its items under `issueTypes` and `fields`; Data Center under `values`.
    if (createMeta[2] === undefined) {
      const types = project.issueTypes.map((type) => issueTypeJson(type, api));
      return page(request, types, cloud ? 'issueTypes' : 'values', CREATE_META_PAGE);
    }
    const issueType = project.issueTypes.find((type) => type.id === createMeta[2]);
    if (!issueType) return notFound(`The issue type ${createMeta[2]} is not in project ${project.key}.`);
    const fields = site.createFields(project, issueType, deployment).map(createFieldJson);
    return page(request, fields, cloud ? 'fields' : 'values', CREATE_META_PAGE);
  }
  // The single create-meta call with `expand` is deprecated on Cloud and was removed in Jira 9.0 (Data Center).
  // https://jira.atlassian.com/browse/JRASERVER-74965
  if (route === '/issue/createmeta') {
    return notFound(
      'The createmeta endpoint was removed: use /issue/createmeta/{projectIdOrKey}/issuetypes.',
    );
  }
  return undefined;
}

/** Jira Software's boards, the same on Cloud and Data Center: `/rest/agile/1.0/board`. */
export function agileRest(
  request: EmulatedRequest,
  route: string,
  agile: string,
  deployment: Deployment,
  site: SiteModel,
): EmulatedResponse | undefined {
  if (route !== '/board' || request.method !== 'GET') return undefined;
  const keys = new Set(site.projectsOf(deployment).map((project) => project.key));
  const project = request.query.get('projectKeyOrId');
  const boards = site.boards.filter(
    (board) => keys.has(board.projectKey) && (project === null || board.projectKey === project),
  );
  return page(
    request,
    boards.map((board) => ({
      id: board.id,
      self: `${agile}/board/${board.id}`,
      name: board.name,
      type: board.type,
      location: { projectKey: board.projectKey, displayName: board.projectKey },
    })),
  );
}
