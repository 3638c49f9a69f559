import { randomBytes, randomUUID } from 'node:crypto';
import { type EmulatedRequest, type EmulatedResponse, json, multipartParts, parseJson } from './http.js';
import type { SiteModel } from './site-model.js';
import { agileRest, pageSize, siteRest } from './site-rest.js';

/** Who a request is, as the Jira REST API sees it. */
export type Caller =
  | {
      readonly kind: 'user';
      readonly profile: Record<string, unknown>;
      /** OAuth scopes granted to the token; undefined for credentials without scopes. */
      readonly scopes?: readonly string[];
    }
  | { readonly kind: 'anonymous' }
  /** Credentials were sent and are wrong: Jira still serves anonymous endpoints (200), and 401s the rest. */
  | { readonly kind: 'invalid' };

/** An issue the emulator knows: `DEMO-1` at start, and each one `POST /rest/api/3/issue` (or 2) creates. */
export interface EmulatedIssue {
  id: string;
  key: string;
  summary: string;
  /** The other fields set on create or edit, by id. */
  fields?: Record<string, unknown>;
  /** The files attached to it (`POST .../attachments`). */
  attachments?: EmulatedAttachment[];
}

/** An attached file: its bytes are served by `attachment/content/{id}`, on Cloud through the media host. */
export interface EmulatedAttachment {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly bytes: Buffer;
  /** The media host's id for the file, and the token its redirect carries (Atlassian's media URLs hold one). */
  readonly mediaId: string;
  readonly mediaToken: string;
}

/** The attachment with this id, on whichever issue it is. */
export function findAttachment(
  issues: Map<string, EmulatedIssue>,
  id: string,
): EmulatedAttachment | undefined {
  for (const issue of issues.values()) {
    const found = issue.attachments?.find((attachment) => attachment.id === id);
    if (found) return found;
  }
  return undefined;
}

export interface JiraRestContext {
  /** The base URL callers use for this API (site, gateway `/ex/jira/{cloudId}`, or DC base with context path). */
  readonly self: string;
  /** What `serverInfo` gives as `baseUrl` (the site, on the gateway too). @default self */
  readonly baseUrl?: string;
  readonly deploymentType: 'Cloud' | 'Server';
  readonly issues: Map<string, EmulatedIssue>;
  /** The projects, fields and the rest of the site's configuration. */
  readonly site: SiteModel;
  /** The 401 this deployment answers to a missing or wrong credential. */
  readonly unauthorized: () => EmulatedResponse;
  /**
   * Cloud: the media host (Atlassian's `api.media.atlassian.com`), where `attachment/content/{id}` redirects.
   * Without it, the content is served directly, as Data Center does.
   */
  readonly media?: string;
}

const API = /^\/rest\/(api\/(?:2|3|latest)|agile\/1\.0)(\/.*)$/;
/** How many issues a JQL search finds: enough for several pages. */
const SEARCH_RESULTS = 23;

/**
 * The slice of Jira's REST API the emulator serves, the same on a Cloud site, the gateway and Data Center.
 * Returns undefined for a path it does not know.
 */
export function jiraRest(
  request: EmulatedRequest,
  caller: Caller,
  context: JiraRestContext,
): EmulatedResponse | undefined {
  const match = API.exec(request.path);
  if (!match) return undefined;
  const area = match[1] ?? '';
  const route = match[2] ?? '';
  const api = `${context.self}/rest/${area}`;
  const method = request.method;
  const agile = area === 'agile/1.0';

  // Anonymous access allowed: Jira answers 200 even to wrong credentials here (JRACLOUD-93811).
  if (!agile && route === '/serverInfo' && method === 'GET') {
    return json(200, {
      baseUrl: context.baseUrl ?? context.self,
      version: context.deploymentType === 'Cloud' ? '1001.0.0-SNAPSHOT' : '10.3.0',
      deploymentType: context.deploymentType,
      buildNumber: 100_000,
      serverTitle: 'Jira (emulated)',
    });
  }

  if (caller.kind !== 'user') return context.unauthorized();
  if (caller.scopes && !hasScopes(caller.scopes, requiredScopes(method, agile ? `/agile${route}` : route))) {
    // https://github.com/raycast/extensions/issues/11212
    return json(401, { code: 401, message: 'Unauthorized; scope does not match' });
  }

  const configuration = agile
    ? agileRest(request, route, api, context.deploymentType, context.site)
    : siteRest(request, route, api, context.deploymentType, context.site);
  if (configuration) return configuration;
  if (agile) return json(404, { errorMessages: ['No route matches this path in the emulator.'], errors: {} });

  // Two kinds of pagination, as Jira pages: a token for enhanced JQL search, startAt/total for most lists.
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
  if (route === '/search/jql' && method === 'GET') {
    const size = pageSize(request);
    const from = Number(Buffer.from(request.query.get('nextPageToken') ?? '', 'base64url').toString() || '0');
    const keys = Array.from({ length: SEARCH_RESULTS }, (_, index) => `DEMO-${index + 1}`).slice(
      from,
      from + size,
    );
    const end = from + keys.length;
    return json(200, {
      issues: keys.map((key, index) => ({
        id: String(10_000 + from + index),
        key,
        self: `${api}/issue/${key}`,
      })),
      ...(end < SEARCH_RESULTS ? { nextPageToken: Buffer.from(String(end)).toString('base64url') } : {}),
      isLast: end >= SEARCH_RESULTS,
    });
  }
  if (route === '/myself' && method === 'GET') {
    return json(200, { self: `${api}/user?accountId=${caller.profile.accountId ?? ''}`, ...caller.profile });
  }

  if (route === '/issue' && method === 'POST') {
    const body = parseJson(request.body) as
      | { fields?: { summary?: unknown; project?: { key?: unknown } } }
      | undefined;
    const summary = body?.fields?.summary;
    const project = body?.fields?.project?.key;
    if (typeof summary !== 'string' || typeof project !== 'string') {
      return json(400, {
        errorMessages: [],
        errors: {
          ...(typeof summary === 'string' ? {} : { summary: 'You must specify a summary of the issue.' }),
          ...(typeof project === 'string' ? {} : { project: 'Specify a valid project ID or key' }),
        },
      });
    }
    const unknown = unknownFields(body?.fields ?? {}, context);
    if (unknown) return unknown;
    const id = String(10_000 + context.issues.size);
    const key = `${project}-${context.issues.size + 1}`;
    context.issues.set(key, { id, key, summary, fields: otherFields(body?.fields ?? {}) });
    return json(201, { id, key, self: `${api}/issue/${id}` });
  }

  const issue = /^\/issue\/([^/]+)(\/attachments)?$/.exec(route);
  if (issue) {
    const found = context.issues.get(decodeURIComponent(issue[1] ?? ''));
    if (!found) {
      return json(404, {
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      });
    }
    if (!issue[2] && method === 'GET') {
      const attachment = found.attachments?.map((file) => attachmentJson(file, api, context));
      return json(200, {
        id: found.id,
        key: found.key,
        self: `${api}/issue/${found.id}`,
        fields: { summary: found.summary, ...found.fields, ...(attachment ? { attachment } : {}) },
      });
    }
    // Edit issue: the fields given replace the issue's. https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
    if (!issue[2] && method === 'PUT') {
      let fields: Record<string, unknown> | undefined;
      try {
        fields = (JSON.parse(request.body.toString('utf8')) as { fields?: Record<string, unknown> }).fields;
      } catch {
        return json(400, { errorMessages: ['The request body is not JSON.'], errors: {} });
      }
      const unknown = unknownFields(fields ?? {}, context);
      if (unknown) return unknown;
      if (typeof fields?.summary === 'string') found.summary = fields.summary;
      found.fields = { ...found.fields, ...otherFields(fields ?? {}) };
      return { status: 204, headers: {}, body: undefined };
    }
    if (issue[2] && method === 'POST') return addAttachment(request, found, api, context);
  }
  const content = /^\/attachment\/content\/([^/]+)$/.exec(route);
  if (content && method === 'GET') {
    const file = findAttachment(context.issues, decodeURIComponent(content[1] ?? ''));
    if (!file) return json(404, { errorMessages: ['The attachment does not exist.'], errors: {} });
    // Cloud hands the download to the media host, with a token of its own in the URL: the redirect must not
    // carry the caller's credentials there.
    if (context.media)
      return {
        status: 303,
        headers: {
          location: `${context.media}/file/${file.mediaId}/binary?token=${file.mediaToken}&name=${encodeURIComponent(file.filename)}`,
        },
        body: undefined,
      };
    return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: file.bytes };
  }
  return json(404, { errorMessages: ['No route matches this path in the emulator.'], errors: {} });
}

/**
 * Jira's 400 for a field id this site does not have: a program that hard-coded another site's `customfield_…` id
 * fails here, as it would on the real site.
 */
function unknownFields(fields: object, context: JiraRestContext): EmulatedResponse | undefined {
  const known = new Set(context.site.fieldsOf(context.deploymentType).map((field) => field.id));
  const unknown = Object.keys(fields).filter((id) => !known.has(id));
  if (unknown.length === 0) return undefined;
  return json(400, {
    errorMessages: [],
    errors: Object.fromEntries(
      unknown.map((id) => [
        id,
        `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`,
      ]),
    ),
  });
}

/** What an issue keeps besides its summary (the project and issue type are not echoed back). */
function otherFields(fields: Record<string, unknown>): Record<string, unknown> {
  const { summary: _summary, project: _project, issuetype: _issuetype, ...rest } = fields;
  return rest;
}

function addAttachment(
  request: EmulatedRequest,
  issue: EmulatedIssue,
  api: string,
  context: JiraRestContext,
): EmulatedResponse {
  // Jira's XSRF check: multipart requests need X-Atlassian-Token: no-check.
  // https://developer.atlassian.com/server/jira-servicedesk/info/special-headers
  if (String(request.headers['x-atlassian-token'] ?? '').toLowerCase() !== 'no-check') {
    return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'XSRF check failed' };
  }
  const parts = multipartParts(request.headers['content-type'], request.body);
  const files = parts?.filter((part) => part.name === 'file' && part.filename !== undefined) ?? [];
  if (files.length === 0) {
    return json(400, {
      errorMessages: ['Attach files in a multipart/form-data field named "file".'],
      errors: {},
    });
  }
  let count = 0;
  for (const known of context.issues.values()) count += known.attachments?.length ?? 0;
  const added = files.map((file, index) => ({
    id: String(20_000 + count + index),
    filename: file.filename ?? '',
    size: file.size,
    bytes: file.content,
    mediaId: randomUUID(),
    mediaToken: randomBytes(12).toString('base64url'),
  }));
  issue.attachments = [...(issue.attachments ?? []), ...added];
  return json(
    200,
    added.map((file) => ({ ...attachmentJson(file, api, context), issueId: issue.id })),
  );
}

/**
 * An attachment as Jira shows it. `self` is on the host the request came through, but `content` is on the site
 * even through the gateway (as Jira Cloud does, so a gateway client cannot follow it as it is: `gatewayUrl`).
 */
function attachmentJson(file: EmulatedAttachment, api: string, context: JiraRestContext) {
  const site = `${context.baseUrl ?? context.self}/rest/${api.slice(api.lastIndexOf('/rest/') + 6)}`;
  return {
    id: file.id,
    self: `${api}/attachment/${file.id}`,
    filename: file.filename,
    size: file.size,
    mimeType: 'application/octet-stream',
    content: `${site}/attachment/content/${file.id}`,
  };
}

interface RouteScopes {
  readonly classic: readonly string[];
  readonly granular: readonly string[];
}

/** The scopes of the routes served, as Jira's OpenAPI spec lists them (`x-atlassian-oauth2-scopes`). */
function requiredScopes(method: string, route: string): RouteScopes | undefined {
  if (route === '/myself') {
    return {
      classic: ['read:jira-user'],
      granular: ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira'],
    };
  }
  if (method === 'GET' && /^\/issue\/[^/]+$/.test(route)) {
    return {
      classic: ['read:jira-work'],
      granular: ['read:issue-meta:jira', 'read:issue:jira', 'read:status:jira', 'read:user:jira'],
    };
  }
  if (method === 'POST' && route === '/issue') {
    return { classic: ['write:jira-work'], granular: ['write:issue:jira', 'read:issue:jira'] };
  }
  if (method === 'POST' && /^\/issue\/[^/]+\/attachments$/.test(route)) {
    return {
      classic: ['write:jira-work'],
      granular: ['read:user:jira', 'write:attachment:jira', 'read:attachment:jira', 'read:avatar:jira'],
    };
  }
  return CONFIGURATION_SCOPES.find(([pattern]) => method === 'GET' && pattern.test(route))?.[1];
}

const READ_WORK = ['read:jira-work'];
/** The configuration routes' scopes (GET), from the same spec; Jira Software's boards have no classic scope. */
const CONFIGURATION_SCOPES: readonly [RegExp, RouteScopes][] = [
  [
    /^\/field(\/search)?$/,
    { classic: READ_WORK, granular: ['read:field:jira', 'read:field-configuration:jira'] },
  ],
  [
    /^\/project(\/search|\/[^/]+)?$/,
    {
      classic: READ_WORK,
      granular: ['read:project:jira', 'read:issue-type:jira', 'read:user:jira', 'read:avatar:jira'],
    },
  ],
  [
    /^\/issuetype$/,
    {
      classic: READ_WORK,
      granular: [
        'read:issue-type:jira',
        'read:avatar:jira',
        'read:project-category:jira',
        'read:project:jira',
      ],
    },
  ],
  [/^\/status$/, { classic: READ_WORK, granular: ['read:status:jira'] }],
  [/^\/issueLinkType$/, { classic: READ_WORK, granular: ['read:issue-link-type:jira'] }],
  [/^\/priority$/, { classic: READ_WORK, granular: ['read:priority:jira'] }],
  // The spec names one scope for the priority search, and no granular one.
  [
    /^\/priority\/search$/,
    { classic: ['manage:jira-configuration'], granular: ['manage:jira-configuration'] },
  ],
  [/^\/resolution(\/search)?$/, { classic: READ_WORK, granular: ['read:resolution:jira'] }],
  [
    /^\/issue\/createmeta\//,
    {
      classic: READ_WORK,
      granular: ['read:issue-meta:jira', 'read:avatar:jira', 'read:field-configuration:jira'],
    },
  ],
  [
    /^\/agile\/board$/,
    {
      classic: ['read:board-scope:jira-software', 'read:project:jira'],
      granular: ['read:board-scope:jira-software', 'read:project:jira'],
    },
  ],
];

function hasScopes(granted: readonly string[], required: RouteScopes | undefined): boolean {
  if (!required) return true;
  const all = (scopes: readonly string[]) => scopes.every((scope) => granted.includes(scope));
  return all(required.classic) || all(required.granular);
}
