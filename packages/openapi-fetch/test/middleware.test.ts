// The middleware's own decisions, as a user of jiraAuthMiddleware sees them on the wire: an operation table of the
// application's own (its no-check list and its scopes, classic or granular), a foreign origin left alone even when
// it answers 401, and rate-limit retries after the one 401 retry. Real HTTP on loopback: the emulator, and a
// scripted server where an answer must be one Jira would not give.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AuthStrategy,
  basicAuth,
  jiraAuthErrorOf,
  jiraAuthReason,
  ScopeMissingError,
} from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiraClient, jiraAuthMiddleware, type OperationInfo } from '../src/index.js';

const emulator = new Emulator();
/** A loopback server that answers each request with the next scripted status, and logs what it got. */
const scripted = { origin: '', answers: [] as number[], seen: [] as IncomingHttpHeaders[] };
const server = createServer((request, response) => {
  scripted.seen.push(request.headers);
  request.resume();
  request.on('end', () => {
    const status = scripted.answers.shift() ?? 200;
    response.writeHead(status, {
      'content-type': 'application/json',
      ...(status === 429 ? { 'retry-after': '0' } : {}),
    });
    response.end('{}');
  });
});
beforeAll(async () => {
  await emulator.start();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  scripted.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  emulator.reset();
  scripted.answers = [];
  scripted.seen = [];
});

const classic = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.classicToken as string,
  });

/** An operation of the application's own table. */
const operation = (method: string, path: string, extra: Partial<OperationInfo> = {}): OperationInfo => ({
  operationId: `${method.toLowerCase()}Thing`,
  method,
  path,
  scopes: [],
  granularScopes: [],
  anonymous: false,
  basicOnly: false,
  deprecated: false,
  experimental: false,
  noCheck: false,
  ...extra,
});

/** A strategy that reports `granted` scopes and counts how often it was asked. */
function granting(granted: readonly string[]) {
  const asked = { count: 0 };
  const strategy: AuthStrategy = {
    ...classic(),
    grantedScopes: async () => {
      asked.count += 1;
      return granted;
    },
  };
  return { strategy, asked };
}

describe('jiraAuthMiddleware with an operation table of your own', () => {
  const table = {
    'GET /rest/api/3/myself': operation('GET', '/rest/api/3/myself', { scopes: ['read:jira-user'] }),
    'GET /rest/api/3/serverInfo': operation('GET', '/rest/api/3/serverInfo'),
    'PUT /rest/api/3/settings/columns': operation('PUT', '/rest/api/3/settings/columns', { noCheck: true }),
    'GET /rest/api/3/project/search': operation('GET', '/rest/api/3/project/search', {
      scopes: ['read:jira-work'],
      granularScopes: ['read:project:jira', 'read:project-category:jira'],
    }),
    'GET /rest/api/3/field': operation('GET', '/rest/api/3/field', { granularScopes: ['read:field:jira'] }),
  };
  const client = (strategy: AuthStrategy) => {
    const raw = createClient<Record<string, never>>({ baseUrl: emulator.urls.site });
    raw.use(jiraAuthMiddleware(strategy, { operations: table }));
    return raw as unknown as {
      GET(path: string): Promise<{ response: Response }>;
      PUT(path: string, init: { body: unknown }): Promise<{ response: Response }>;
    };
  };
  const sentTo = (path: string) => emulator.requests({ path })[0]?.headers['x-atlassian-token'];

  it('sends X-Atlassian-Token: no-check only where the table says so', async () => {
    const jira = client(classic());
    await jira.PUT('/rest/api/3/settings/columns', { body: ['summary'] });
    await jira.GET('/rest/api/3/serverInfo');
    expect(sentTo('/rest/api/3/settings/columns')).toBe('no-check');
    expect(sentTo('/rest/api/3/serverInfo')).toBeUndefined();
  });

  it('checks the scopes the table gives: classic ones, or all the granular ones instead', async () => {
    const jira = (granted: string[]) => client(granting(granted).strategy);
    expect((await jira(['read:jira-user']).GET('/rest/api/3/myself')).response.status).toBe(200);
    const lacking = await jira(['write:jira-work'])
      .GET('/rest/api/3/myself')
      .catch((error: unknown) => error);
    expect(ScopeMissingError.isInstance(lacking) && lacking.scopes).toEqual(['read:jira-user']);
    expect(emulator.requests({ path: '/rest/api/3/myself' })).toHaveLength(1);

    // Granular scopes stand in for the classic ones, all of them or none.
    const granular = ['read:project:jira', 'read:project-category:jira'];
    expect((await jira(granular).GET('/rest/api/3/project/search')).response.status).toBe(200);
    expect((await jira(['read:jira-work']).GET('/rest/api/3/project/search')).response.status).toBe(200);
    const half = await jira(['read:project:jira'])
      .GET('/rest/api/3/project/search')
      .catch((error: unknown) => error);
    expect(ScopeMissingError.isInstance(half) && half.scopes).toEqual(['read:jira-work']);

    // Only granular scopes listed: there is no classic scope to lack, and nothing is asked.
    const { strategy, asked } = granting([]);
    await client(strategy).GET('/rest/api/3/field');
    expect(emulator.requests({ path: '/rest/api/3/field' })).toHaveLength(1);
    expect(asked.count).toBe(0);
  });

  it('does not ask for granted scopes where the table lists none, or where the operation is not in it', async () => {
    const { strategy, asked } = granting([]);
    const jira = client(strategy);
    await jira.GET('/rest/api/3/serverInfo');
    await jira.GET('/rest/api/3/dashboard');
    expect(asked.count).toBe(0);
    await jira.GET('/rest/api/3/myself').catch(() => undefined);
    expect(asked.count).toBe(1);
  });
});

describe("createJiraClient's own scope table", () => {
  it('asks nothing for an operation without classic scopes, and checks one with them', async () => {
    const { strategy, asked } = granting([]);
    const jira = createJiraClient({ auth: strategy });
    // Jira lists only granular scopes for this one: nothing to lack.
    await jira.GET('/rest/api/3/user/email', {
      params: { query: { accountId: DEFAULT_CLOUD_USER.accountId } },
    });
    expect(emulator.requests({ path: /^\/rest\/api\/3\/user\/email/ })).toHaveLength(1);
    expect(asked.count).toBe(0);
    const lacking = await jira.GET('/rest/api/3/myself').catch((error: unknown) => error);
    expect(ScopeMissingError.isInstance(lacking) && lacking.scopes).toEqual(['read:jira-user']);
    expect(asked.count).toBe(1);
  });
});

describe('jiraAuthMiddleware and other origins', () => {
  it('leaves a request to another origin alone, even a 401: no credentials, no retry, no reason', async () => {
    const raw = createClient<Record<string, never>>({ baseUrl: scripted.origin });
    raw.use(jiraAuthMiddleware({ ...classic(), unauthorized: async () => ({ retry: true }) as const }));
    scripted.answers = [401];
    const { response } = await (raw as unknown as { GET(path: string): Promise<{ response: Response }> }).GET(
      '/rest/api/3/myself',
    );
    expect(response.status).toBe(401);
    expect(jiraAuthReason(response)).toBeUndefined();
    expect(scripted.seen).toHaveLength(1);
    expect(scripted.seen[0]?.authorization).toBeUndefined();
  });
});

describe('jiraAuthMiddleware retries', () => {
  /** A strategy for the scripted server that can always recover from a 401. */
  const recovering = (): AuthStrategy => ({
    kind: 'access-token',
    baseUrl: async () => new URL(scripted.origin),
    authenticate: async () => ({ authorization: 'Bearer recovering-token-1234' }),
    unauthorized: async () => ({ retry: true }),
  });
  const get = (strategy: AuthStrategy, retry?: boolean) => {
    const raw = createClient<Record<string, never>>({ baseUrl: scripted.origin });
    raw.use(jiraAuthMiddleware(strategy, retry === undefined ? {} : { retry }));
    return (raw as unknown as { GET(path: string): Promise<{ response: Response }> }).GET(
      '/rest/api/3/myself',
    );
  };

  it('the answer to the one 401 retry is rate-limit retried too, when rate limits are', async () => {
    scripted.answers = [401, 429, 200];
    const { response } = await get(recovering(), true);
    expect(response.status).toBe(200);
    expect(scripted.seen).toHaveLength(3);
  });

  it('retry: false retries no rate limit', async () => {
    scripted.answers = [429, 200];
    const { response } = await get(recovering(), false);
    expect(response.status).toBe(429);
    expect(scripted.seen).toHaveLength(1);
  });

  it('a second 401 after the retry is the answer, with its reason', async () => {
    scripted.answers = [401, 401];
    const { response } = await get(recovering());
    expect(response.status).toBe(401);
    expect(jiraAuthErrorOf(jiraAuthReason(response))?.code).toBe('JIRA_AUTH_CREDENTIAL_REJECTED');
    expect(scripted.seen).toHaveLength(2);
  });
});
