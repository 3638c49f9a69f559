// `jira-auth api <path>`: one authenticated request, with the same rules as the adapters (credentials only to the
// strategy's origin, X-Atlassian-Token on uploads, one retry on a stale token), and Jira's pagination followed.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type AuthStrategy, jiraAuthReason } from '@jira-auth/core';
import { jiraFetch } from '@jira-auth/fetch';

export interface ApiOptions {
  method?: string;
  /** `key=value` pairs: a JSON body of strings (numbers, true/false and null are taken as JSON). */
  field?: string[];
  /** A JSON file for the body, or `-` for standard input. */
  input?: string;
  /** `key=value` or `key=@path` pairs: a multipart body (an upload, with Jira's `X-Atlassian-Token`). */
  form?: string[];
  paginate?: boolean;
}

export interface ApiResult {
  status: number;
  /** The JSON answer; with pagination, every page's items in one list under the page's own key. */
  body: unknown;
  reason?: string;
}

function fieldValue(raw: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw)) return JSON.parse(raw);
  return raw;
}

/** A request body as bytes with its content type: replayable as it is for the one retry after a 401. */
interface Body {
  readonly bytes: ArrayBuffer;
  readonly contentType: string;
}

const pairsOf = (pairs: string[], flag: string) =>
  pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`${flag} takes key=value, got ${pair.split('=')[0] || 'an empty key'}`);
    return [pair.slice(0, at), pair.slice(at + 1)] as const;
  });

const json = (text: string): Body => ({
  bytes: new TextEncoder().encode(text).buffer as ArrayBuffer,
  contentType: 'application/json',
});

async function bodyOf(options: ApiOptions): Promise<Body | undefined> {
  if (options.form?.length) {
    const form = new FormData();
    for (const [key, value] of pairsOf(options.form, '-F')) {
      if (!value.startsWith('@')) form.append(key, value);
      else form.append(key, new Blob([await readFile(value.slice(1))]), basename(value.slice(1)));
    }
    // Encoded once, as fetch would: the bytes and the boundary, for the send and the retry alike.
    const encoded = new Request('http://encode.invalid/', { method: 'POST', body: form });
    return { bytes: await encoded.arrayBuffer(), contentType: encoded.headers.get('content-type') as string };
  }
  if (options.input) {
    if (options.input !== '-') return json(await readFile(options.input, 'utf8'));
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return json(Buffer.concat(chunks).toString('utf8'));
  }
  if (!options.field?.length) return undefined;
  return json(
    JSON.stringify(
      Object.fromEntries(pairsOf(options.field, '-f').map(([key, value]) => [key, fieldValue(value)])),
    ),
  );
}

async function send(
  jira: typeof fetch,
  url: URL,
  method: string,
  body: Body | undefined,
): Promise<ApiResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body) headers['content-type'] = body.contentType;
  const init: RequestInit = { method, headers, redirect: 'manual' };
  if (body) init.body = body.bytes;
  const response = await jira(url, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: printed as it came
  }
  const reason = jiraAuthReason(response)?.message;
  return { status: response.status, body: parsed, ...(reason ? { reason } : {}) };
}

/** The list a page of Jira results holds: `values` (Agile, most v3 lists) or `issues` (search). */
const itemsKey = (page: Record<string, unknown>) =>
  ['values', 'issues'].find((key) => Array.isArray(page[key]));

/** The next page's URL, from `nextPageToken` (search/jql) or `startAt` + `maxResults` against `total`/`isLast`. */
export function nextPage(url: URL, page: Record<string, unknown>, key: string): URL | undefined {
  const next = new URL(url);
  if (typeof page.nextPageToken === 'string' && page.nextPageToken) {
    next.searchParams.set('nextPageToken', page.nextPageToken);
    return next;
  }
  const startAt = Number(page.startAt ?? 0);
  const count = (page[key] as unknown[]).length;
  if (count === 0 || page.isLast === true) return undefined;
  if (typeof page.total === 'number' && startAt + count >= page.total) return undefined;
  if (page.isLast === undefined && typeof page.total !== 'number') return undefined;
  next.searchParams.set('startAt', String(startAt + count));
  return next;
}

export async function api(strategy: AuthStrategy, path: string, options: ApiOptions): Promise<ApiResult> {
  const body = await bodyOf(options);
  const method = (options.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
  const jira = jiraFetch(strategy);
  let url = new URL(path.replace(/^\/+/, ''), `${(await strategy.baseUrl()).href.replace(/\/+$/, '')}/`);
  const first = await send(jira, url, method, body);
  if (!options.paginate || first.status >= 300 || typeof first.body !== 'object' || first.body === null)
    return first;
  const page = first.body as Record<string, unknown>;
  const key = itemsKey(page);
  if (!key) return first;
  const items = [...(page[key] as unknown[])];
  for (let next = nextPage(url, page, key); next; ) {
    url = next;
    const result = await send(jira, url, method, body);
    if (result.status >= 300) return result;
    const more = result.body as Record<string, unknown>;
    items.push(...((more[key] as unknown[] | undefined) ?? []));
    next = nextPage(url, more, key);
  }
  const { nextPageToken: _token, startAt: _startAt, isLast: _isLast, ...rest } = page;
  return { status: first.status, body: { ...rest, [key]: items } };
}
