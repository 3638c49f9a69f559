// The other products one Atlassian Cloud credential opens, as the emulator plays them: Jira Service Management
// (`/rest/servicedeskapi`, under Jira's base), Confluence (`/wiki`: the v2 API and v1's CQL search) and Assets (its
// own base on the gateway host, `/jsm/assets/workspace/{workspaceId}/v1`). Only what a client's first calls need:
// service desks, request types and requests; spaces, pages, a page's body and attachments, a CQL search; the Assets
// workspace and its object schemas. Each checks the caller as its host does, and OAuth tokens for the scopes
// Atlassian documents for the operation (Confluence v2 takes granular scopes only).
import { type EmulatedRequest, type EmulatedResponse, json, multipartParts } from './http.js';
import type { Caller } from './jira-rest.js';

export interface ProductContext {
  /** Where this product's links point: the site, or the gateway base the request came through. */
  readonly self: string;
  /** The site, for the links a person opens (Confluence's `_links.base`). */
  readonly site: string;
  readonly workspaceId: string;
  readonly unauthorized: () => EmulatedResponse;
}

/** An OAuth caller without one of `scopes` (any of them will do) gets the gateway's scope 401. */
function lacks(caller: Caller, ...scopes: string[]): EmulatedResponse | undefined {
  if (caller.kind !== 'user' || !caller.scopes) return undefined;
  return scopes.some((scope) => caller.scopes?.includes(scope))
    ? undefined
    : json(401, { code: 401, message: 'Unauthorized; scope does not match' });
}

const SERVICE_DESK = { id: '1', projectId: '10001', projectKey: 'HELP', projectName: 'Help desk' };
const REQUEST_TYPES = [
  { id: '10', name: 'Get IT help', description: 'Ask the IT team', serviceDeskId: '1', issueTypeId: '10010' },
  {
    id: '11',
    name: 'Request a new laptop',
    description: 'Hardware',
    serviceDeskId: '1',
    issueTypeId: '10010',
  },
];

/** A Service Management page: `size`, `start`, `limit`, `isLastPage`, `values`. */
function servicePage(values: readonly unknown[], self: string): EmulatedResponse {
  return json(200, {
    size: values.length,
    start: 0,
    limit: 50,
    isLastPage: true,
    values,
    _links: { self, base: self, context: '' },
  });
}

const requests = new WeakMap<object, Map<string, Record<string, unknown>>>();

/**
 * Service Management's experimental methods answer 412 without `X-ExperimentalApi: opt-in` (the spec's intro:
 * "Returned if the API is experimental but the X-ExperimentalApi: opt-in header was not passed"). The message is
 * the one Data Center's knowledge base quotes; Cloud's exact wording is UNCONFIRMED.
 */
function notOptedIn(request: EmulatedRequest): EmulatedResponse | undefined {
  if (String(request.headers['x-experimentalapi'] ?? '').toLowerCase() === 'opt-in') return undefined;
  return json(412, {
    errorMessage:
      "This API is experimental. Experimental APIs are not guaranteed to be stable within the preview period. You must set the header 'X-ExperimentalApi: opt-in' to opt into using this API.",
  });
}

/**
 * The XSRF check of a multipart upload: `X-Atlassian-Token: no-check`. Confluence v1's docs spell the value
 * `nocheck`; whether Confluence Cloud still takes that spelling is UNCONFIRMED, so the emulator takes both there and
 * clients send `no-check`, which every product takes.
 */
function xsrfFailed(request: EmulatedRequest, spellings: readonly string[]): EmulatedResponse | undefined {
  const value = String(request.headers['x-atlassian-token'] ?? '').toLowerCase();
  if (spellings.includes(value)) return undefined;
  return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'XSRF check failed' };
}

/** The files of a multipart body's `file` fields, or a 400 naming the field. */
function uploadedFiles(request: EmulatedRequest): { filename: string; size: number }[] | EmulatedResponse {
  const parts = multipartParts(request.headers['content-type'], request.body) ?? [];
  const files = parts.flatMap((part) =>
    part.name === 'file' && part.filename !== undefined ? [{ filename: part.filename, size: part.size }] : [],
  );
  if (files.length > 0) return files;
  return json(400, { errorMessage: 'Attach files in a multipart/form-data field named "file".' });
}

/** Jira Service Management's REST API, `/rest/servicedeskapi/...` below Jira's base (site or gateway). */
export function serviceDeskRest(
  request: EmulatedRequest,
  caller: Caller,
  context: ProductContext,
  store: object,
): EmulatedResponse | undefined {
  const match = /^\/rest\/servicedeskapi(\/.*)?$/.exec(request.path);
  if (!match) return undefined;
  const route = match[1] ?? '/';
  const api = `${context.self}/rest/servicedeskapi`;
  if (caller.kind !== 'user') return context.unauthorized();
  const write = request.method !== 'GET';
  const denied = lacks(caller, write ? 'write:servicedesk-request' : 'read:servicedesk-request');
  if (denied) return denied;
  const created = requests.get(store) ?? new Map<string, Record<string, unknown>>();
  requests.set(store, created);
  if (route === '/assets/workspace' && request.method === 'GET')
    return servicePage([{ workspaceId: context.workspaceId }], `${api}/assets/workspace`);
  // getAllRequestTypes: experimental.
  if (route === '/requesttype' && request.method === 'GET')
    return (
      notOptedIn(request) ??
      servicePage(
        REQUEST_TYPES.map((type) => ({
          ...type,
          _links: { self: `${api}/servicedesk/1/requesttype/${type.id}` },
        })),
        `${api}/requesttype`,
      )
    );
  const temporary = /^\/servicedesk\/([^/]+)\/attachTemporaryFile$/.exec(route);
  if (temporary && request.method === 'POST') {
    // The spec's description asks for both headers.
    const refused = notOptedIn(request) ?? xsrfFailed(request, ['no-check']);
    if (refused) return refused;
    if (temporary[1] !== SERVICE_DESK.id)
      return json(404, { errorMessage: 'The service desk does not exist.' });
    const files = uploadedFiles(request);
    if (!Array.isArray(files)) return files;
    return json(201, {
      temporaryAttachments: files.map((file, index) => ({
        temporaryAttachmentId: `temp-${created.size}-${index}`,
        fileName: file.filename,
      })),
    });
  }
  if (route === '/servicedesk' && request.method === 'GET')
    return servicePage(
      [{ ...SERVICE_DESK, _links: { self: `${api}/servicedesk/${SERVICE_DESK.id}` } }],
      `${api}/servicedesk`,
    );
  const types = /^\/servicedesk\/([^/]+)\/requesttype$/.exec(route);
  if (types && request.method === 'GET') {
    if (types[1] !== SERVICE_DESK.id && types[1] !== SERVICE_DESK.projectKey)
      return json(404, { errorMessage: 'The service desk does not exist.' });
    return servicePage(
      REQUEST_TYPES.map((type) => ({
        ...type,
        _links: { self: `${api}/servicedesk/1/requesttype/${type.id}` },
      })),
      `${api}/servicedesk/1/requesttype`,
    );
  }
  if (route === '/request' && request.method === 'POST') {
    const body = JSON.parse(request.body.toString('utf8') || '{}') as {
      serviceDeskId?: string;
      requestTypeId?: string;
      requestFieldValues?: { summary?: string };
    };
    const type = REQUEST_TYPES.find((candidate) => candidate.id === body.requestTypeId);
    if (body.serviceDeskId !== SERVICE_DESK.id || !type || !body.requestFieldValues?.summary)
      return json(400, {
        errorMessage: 'serviceDeskId, requestTypeId and requestFieldValues.summary are required',
      });
    const key = `${SERVICE_DESK.projectKey}-${created.size + 1}`;
    const entry = {
      issueId: String(20_000 + created.size),
      issueKey: key,
      requestTypeId: type.id,
      serviceDeskId: SERVICE_DESK.id,
      requestFieldValues: [{ fieldId: 'summary', label: 'Summary', value: body.requestFieldValues.summary }],
      reporter: {
        accountId: caller.profile.accountId,
        displayName: caller.profile.displayName,
        emailAddress: caller.profile.emailAddress,
      },
      currentStatus: { status: 'Waiting for support', statusCategory: 'NEW' },
      _links: { self: `${api}/request/${key}`, web: `${context.site}/servicedesk/customer/portal/1/${key}` },
    };
    created.set(key, entry);
    return json(201, entry);
  }
  const one = /^\/request\/([^/]+)$/.exec(route);
  if (one && request.method === 'GET') {
    const entry = created.get(one[1] ?? '');
    return entry ? json(200, entry) : json(404, { errorMessage: 'Request does not exist.' });
  }
  return json(404, { errorMessage: 'No route matches this path in the emulator.' });
}

const SPACE = { id: '98305', key: 'DOCS', name: 'Documentation', type: 'global', status: 'current' };
const PAGE = {
  id: '65537',
  title: 'Welcome to jira-auth',
  spaceId: SPACE.id,
  status: 'current',
  body: '<p>One credential, every product.</p>',
};
const ATTACHMENT = { id: 'att65538', title: 'hello.txt', mediaType: 'text/plain', fileSize: 12 };

/** Confluence's REST APIs, `/wiki/api/v2/...` and v1's `/wiki/rest/api/search`, on the site or the gateway. */
export function confluenceRest(
  request: EmulatedRequest,
  caller: Caller,
  context: ProductContext,
): EmulatedResponse | undefined {
  const match = /^\/wiki(\/.*)$/.exec(request.path);
  if (!match) return undefined;
  const route = match[1] ?? '/';
  if (caller.kind !== 'user') return context.unauthorized();
  const wiki = `${context.self}/wiki`;
  const links = (webui: string) => ({ webui, base: `${context.site}/wiki` });
  const upload = /^\/rest\/api\/content\/([^/]+)\/child\/attachment$/.exec(route);
  if (upload && request.method === 'POST') {
    const refused =
      lacks(caller, 'write:confluence-file', 'write:attachment:confluence') ??
      xsrfFailed(request, ['no-check', 'nocheck']);
    if (refused) return refused;
    if (upload[1] !== PAGE.id) return json(404, { statusCode: 404, message: 'No content with this id.' });
    const files = uploadedFiles(request);
    if (!Array.isArray(files)) return files;
    const results = files.map((file, index) => {
      const id = `att${70_000 + index}`;
      const download = `/download/attachments/${PAGE.id}/${encodeURIComponent(file.filename)}`;
      return {
        id,
        type: 'attachment',
        status: 'current',
        title: file.filename,
        extensions: { mediaType: 'application/octet-stream', fileSize: file.size },
        _links: {
          self: `${wiki}/rest/api/content/${id}`,
          download,
          webui: `${webuiOf()}?preview=${download}`,
        },
      };
    });
    return json(200, {
      results,
      size: results.length,
      _links: { base: `${context.site}/wiki`, context: '/wiki' },
    });
  }
  if (request.method !== 'GET')
    return json(405, {
      statusCode: 405,
      message: 'The emulator serves only these Confluence writes: attachments.',
    });
  // v2 takes granular scopes only.
  // https://developer.atlassian.com/cloud/confluence/rest/v2/intro/#auth
  if (route === '/api/v2/spaces')
    return (
      lacks(caller, 'read:space:confluence') ??
      json(200, {
        results: [{ ...SPACE, _links: { webui: `/spaces/${SPACE.key}` } }],
        _links: { base: `${context.site}/wiki` },
      })
    );
  if (route === '/api/v2/pages')
    return (
      lacks(caller, 'read:page:confluence') ??
      json(200, {
        results: [{ ...pageJson(false), _links: { webui: webuiOf() } }],
        _links: { base: `${context.site}/wiki` },
      })
    );
  const page = /^\/api\/v2\/pages\/([^/]+)(\/attachments)?$/.exec(route);
  if (page) {
    if (page[1] !== PAGE.id) return json(404, { errors: [{ status: 404, title: 'Not Found' }] });
    if (page[2])
      return (
        lacks(caller, 'read:attachment:confluence') ??
        json(200, {
          results: [
            {
              ...ATTACHMENT,
              pageId: PAGE.id,
              downloadLink: `/download/attachments/${PAGE.id}/${ATTACHMENT.title}`,
              _links: { download: `/download/attachments/${PAGE.id}/${ATTACHMENT.title}` },
            },
          ],
          _links: { base: `${context.site}/wiki` },
        })
      );
    return (
      lacks(caller, 'read:page:confluence') ??
      json(200, { ...pageJson(request.query.get('body-format') === 'storage'), _links: links(webuiOf()) })
    );
  }
  // v1: what v2 lacks, such as search by CQL. Classic scopes.
  if (route === '/rest/api/search' || route === '/rest/api/content/search') {
    const denied = lacks(caller, 'search:confluence', 'read:confluence-content.summary');
    if (denied) return denied;
    const cql = request.query.get('cql');
    if (!cql) return json(400, { statusCode: 400, message: 'cql is required' });
    const hit =
      /\btype\s*=\s*"?(page|space)"?/i.test(cql) || /\btext\s*~/.test(cql) || /\bspace\b/i.test(cql);
    const content = { id: PAGE.id, type: 'page', status: 'current', title: PAGE.title };
    const results = hit
      ? route === '/rest/api/search'
        ? [{ content, title: PAGE.title, url: webuiOf(), entityType: 'content' }]
        : [{ ...content, _links: { self: `${wiki}/rest/api/content/${PAGE.id}`, webui: webuiOf() } }]
      : [];
    return json(200, {
      results,
      start: 0,
      limit: 25,
      size: results.length,
      _links: { base: `${context.site}/wiki`, context: '/wiki' },
    });
  }
  return json(404, { statusCode: 404, message: 'No route matches this path in the emulator.' });
}

function webuiOf(): string {
  return `/spaces/${SPACE.key}/pages/${PAGE.id}`;
}

function pageJson(withBody: boolean) {
  return {
    id: PAGE.id,
    title: PAGE.title,
    spaceId: PAGE.spaceId,
    status: PAGE.status,
    ...(withBody ? { body: { storage: { value: PAGE.body, representation: 'storage' } } } : {}),
  };
}

/**
 * Assets' REST API on the gateway host: `/jsm/assets/workspace/{workspaceId}/v1/...`, for classic and scoped API
 * tokens and OAuth tokens with Assets' scopes alike.
 * https://developer.atlassian.com/cloud/assets/rest/
 */
export function assetsRest(
  request: EmulatedRequest,
  caller: Caller,
  context: ProductContext,
): EmulatedResponse | undefined {
  const match = /^\/jsm\/assets\/workspace\/([^/]+)\/v1(\/.*)?$/.exec(request.path);
  if (!match) return undefined;
  if (match[1] !== context.workspaceId) return json(404, { errorMessages: ['Workspace not found'] });
  if (caller.kind !== 'user') return context.unauthorized();
  const denied = lacks(caller, 'read:cmdb-schema:jira');
  if (denied) return denied;
  const base = `${context.self}/jsm/assets/workspace/${context.workspaceId}/v1`;
  if (match[2] === '/objectschema/list' && request.method === 'GET')
    return json(200, {
      startAt: 0,
      maxResults: 25,
      total: 1,
      isLast: true,
      values: [
        {
          workspaceId: context.workspaceId,
          id: '1',
          name: 'IT assets',
          objectSchemaKey: 'ITA',
          status: 'Ok',
          objectCount: 3,
          objectTypeCount: 2,
          _links: { self: `${base}/objectschema/1` },
        },
      ],
    });
  return json(404, { errorMessages: ['No route matches this path in the emulator.'] });
}
