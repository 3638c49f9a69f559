import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '../src/index.js';

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('emulator', () => {
  const emulator = new Emulator();
  const classic = basic(DEFAULT_CLOUD_USER.email, DEFAULT_CLOUD_USER.classicToken as string);
  const scoped = basic(DEFAULT_CLOUD_USER.email, DEFAULT_CLOUD_USER.scopedToken as string);
  const get = (url: string, authorization?: string, headers: Record<string, string> = {}) =>
    fetch(url, { headers: { ...headers, ...(authorization ? { authorization } : {}) }, redirect: 'manual' });

  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('serves each host on its own loopback origin', () => {
    const origins = new Set(
      ['site', 'api', 'auth', 'dc', 'foreign'].map((role) => emulator.origin(role as never)),
    );
    expect(origins.size).toBe(5);
    for (const origin of origins) expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('tells the cloudId without authentication', async () => {
    const response = await get(`${emulator.urls.site}/_edge/tenant_info`);
    expect(await response.json()).toEqual({ cloudId: emulator.cloudId });
  });

  it('accepts classic tokens on the site only', async () => {
    expect((await get(`${emulator.urls.site}/rest/api/3/myself`, classic)).status).toBe(200);
    expect((await get(`${emulator.urls.gateway}/rest/api/3/myself`, classic)).status).toBe(401);
  });

  it('accepts scoped tokens on the gateway only, answering 401 with Jira bodies elsewhere', async () => {
    const gateway = await get(`${emulator.urls.gateway}/rest/api/3/myself`, scoped);
    expect(gateway.status).toBe(200);
    expect(await gateway.json()).toMatchObject({
      accountId: DEFAULT_CLOUD_USER.accountId,
      emailAddress: DEFAULT_CLOUD_USER.email,
    });
    const site = await get(`${emulator.urls.site}/rest/api/3/myself`, scoped);
    expect(site.status).toBe(401);
    expect(site.headers.get('www-authenticate')).toMatch(/^OAuth realm=/);
    expect(await site.json()).toEqual({
      message: 'Client must be authenticated to access this resource.',
      'status-code': 401,
    });
  });

  it('answers 404 for an unknown cloudId', async () => {
    const response = await get(`${emulator.origin('api')}/ex/jira/not-this-site/rest/api/3/myself`, scoped);
    expect(response.status).toBe(404);
  });

  it('serves serverInfo to anyone, even with wrong credentials (as Jira does)', async () => {
    expect((await get(`${emulator.urls.site}/rest/api/3/serverInfo`, basic('x@y.z', 'wrong'))).status).toBe(
      200,
    );
    expect((await get(`${emulator.urls.site}/rest/api/3/myself`, basic('x@y.z', 'wrong'))).status).toBe(401);
    expect((await get(`${emulator.urls.site}/rest/api/3/myself`)).status).toBe(401);
  });

  it('blocks attachments without X-Atlassian-Token: no-check', async () => {
    const form = new FormData();
    form.append('file', new Blob(['abc']), 'a.txt');
    const url = `${emulator.urls.site}/rest/api/3/issue/DEMO-1/attachments`;
    const blocked = await fetch(url, { method: 'POST', body: form, headers: { authorization: classic } });
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toBe('XSRF check failed');
    const allowed = await fetch(url, {
      method: 'POST',
      body: form,
      headers: { authorization: classic, 'x-atlassian-token': 'no-check' },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject([{ filename: 'a.txt', size: 3 }]);
  });

  it('creates and reads issues', async () => {
    const created = await fetch(`${emulator.urls.site}/rest/api/3/issue`, {
      method: 'POST',
      headers: { authorization: classic, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { project: { key: 'ABC' }, summary: 'New' } }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const read = await get(`${emulator.urls.site}/rest/api/3/issue/${key}`, classic);
    expect(await read.json()).toMatchObject({ key, fields: { summary: 'New' } });
    expect((await get(`${emulator.urls.site}/rest/api/3/issue/NOPE-1`, classic)).status).toBe(404);
  });

  it('Data Center: PAT as Bearer under the context path', async () => {
    const response = await get(
      `${emulator.urls.dataCenter}/rest/api/2/myself`,
      `Bearer ${DEFAULT_DC_USER.pat}`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: DEFAULT_DC_USER.username });
    expect(
      (await get(`${emulator.origin('dc')}/rest/api/2/myself`, `Bearer ${DEFAULT_DC_USER.pat}`)).status,
    ).toBe(404);
  });

  it('Data Center: CAPTCHA 403 after N failed Basic logins, until an admin resets the count', async () => {
    const url = `${emulator.urls.dataCenter}/rest/api/2/myself`;
    const wrong = basic(DEFAULT_DC_USER.username, 'wrong');
    for (let i = 0; i < emulator.captchaAfter; i++) {
      const response = await get(url, wrong);
      expect(response.status).toBe(401);
      expect(response.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
    }
    const blocked = await get(url, basic(DEFAULT_DC_USER.username, DEFAULT_DC_USER.password));
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('x-authentication-denied-reason')).toBe(
      `CAPTCHA_CHALLENGE; login-url=${emulator.urls.dataCenter}/login.jsp`,
    );
    expect((await get(url, `Bearer ${DEFAULT_DC_USER.pat}`)).status).toBe(200);
    emulator.resetFailedLogins(DEFAULT_DC_USER.username);
    expect((await get(url, basic(DEFAULT_DC_USER.username, DEFAULT_DC_USER.password))).status).toBe(200);
  });

  it('logs requests and answers injections once', async () => {
    emulator.inject({
      host: 'site',
      path: '/rest/api/3/myself',
      status: 429,
      headers: { 'retry-after': '3' },
    });
    expect((await get(`${emulator.urls.site}/rest/api/3/myself`, classic)).status).toBe(429);
    expect((await get(`${emulator.urls.site}/rest/api/3/myself`, classic)).status).toBe(200);
    expect(
      emulator.requests({ host: 'site' }).map((entry) => [entry.status, entry.headers.authorization]),
    ).toEqual([
      [429, classic],
      [200, classic],
    ]);
  });

  it('logs when each request arrived, on its own clock', async () => {
    const before = emulator.now();
    await get(`${emulator.urls.site}/rest/api/3/myself`, classic);
    emulator.advanceClock(60);
    await get(`${emulator.urls.site}/rest/api/3/myself`, classic);
    const [first, second] = emulator.requests({ host: 'site' }).map((entry) => entry.at);
    expect(first).toBeGreaterThanOrEqual(before);
    expect((second as number) - (first as number)).toBeGreaterThanOrEqual(60_000);
  });

  it('narrows a rate limit to a path and to credentials: the quota for apps, a limit for API tokens', async () => {
    const myself = `${emulator.urls.site}/rest/api/3/myself`;
    const app = 'Bearer some-app-token';
    emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 0, credentials: 'app' });
    emulator.rateLimit({
      reason: 'jira-burst-based',
      limit: 0,
      credentials: 'api-token',
      path: '/rest/api/3/issue/',
    });
    expect((await get(myself, app)).status).toBe(429);
    expect((await get(myself, classic)).status).toBe(200);
    const issue = await get(`${emulator.urls.site}/rest/api/3/issue/DEMO-1`, classic);
    expect(issue.status).toBe(429);
    expect(issue.headers.get('ratelimit-reason')).toBe('jira-burst-based');
  });

  it('sends NearLimit for a points quota only (cost-based limiting, JRACLOUD-83791)', async () => {
    const myself = `${emulator.urls.site}/rest/api/3/myself`;
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 1 });
    const burst = await get(myself, classic);
    expect(burst.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(burst.headers.get('x-ratelimit-nearlimit')).toBeNull();
    emulator.reset();
    emulator.rateLimit({ reason: 'jira-quota-tenant-based', limit: 1 });
    const quota = await get(myself, classic);
    expect(quota.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(quota.headers.get('x-ratelimit-nearlimit')).toBe('true');
  });

  it('serves the other products: Service Management and Confluence on the site and the gateway, Assets on the gateway host', async () => {
    const site = emulator.urls.site;
    const confluence = `${emulator.urls.confluenceGateway}/wiki`;
    expect((await get(`${site}/rest/servicedeskapi/servicedesk`, classic)).status).toBe(200);
    expect((await get(`${emulator.urls.gateway}/rest/servicedeskapi/servicedesk`, scoped)).status).toBe(200);
    expect((await get(`${site}/wiki/api/v2/spaces`, classic)).status).toBe(200);
    expect((await get(`${confluence}/api/v2/pages/65537?body-format=storage`, scoped)).status).toBe(200);
    const search = await get(`${confluence}/rest/api/search?cql=${encodeURIComponent('type=page')}`, scoped);
    expect(((await search.json()) as { results: unknown[] }).results).toHaveLength(1);
    // Assets: on the gateway host for a classic token too; its workspace listed by Service Management.
    const workspace = await get(`${site}/rest/servicedeskapi/assets/workspace`, classic);
    expect(await workspace.json()).toMatchObject({ values: [{ workspaceId: emulator.workspaceId }] });
    expect((await get(`${emulator.urls.assets}/objectschema/list`, classic)).status).toBe(200);
    // As on Jira: scoped tokens only on the gateway, classic tokens only on the site.
    expect((await get(`${site}/wiki/api/v2/spaces`, scoped)).status).toBe(401);
    expect((await get(`${confluence}/api/v2/spaces`, classic)).status).toBe(401);
  });

  it('checks OAuth scopes per product: Confluence v2 takes granular ones', async () => {
    const { accessToken } = emulator.auth.grant('emulator-3lo-client-id', [
      'read:jira-user',
      'search:confluence',
    ]);
    const bearer = `Bearer ${accessToken}`;
    const confluence = `${emulator.urls.confluenceGateway}/wiki`;
    const pages = await get(`${confluence}/api/v2/pages`, bearer);
    expect(pages.status).toBe(401);
    expect(await pages.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    expect((await get(`${confluence}/rest/api/search?cql=type%3Dpage`, bearer)).status).toBe(200);
    // serverInfo on the gateway gives the site, where a person opens links.
    const info = await get(`${emulator.urls.gateway}/rest/api/3/serverInfo`);
    expect(((await info.json()) as { baseUrl: string }).baseUrl).toBe(emulator.urls.site);
  });

  it("uploads: the XSRF header on Confluence's and Service Management's, and Service Management's opt-in", async () => {
    const post = (url: string, headers: Record<string, string>) => {
      const form = new FormData();
      form.append('file', new Blob(['bytes']), 'a.txt');
      return fetch(url, { method: 'POST', headers: { authorization: classic, ...headers }, body: form });
    };
    const attach = `${emulator.urls.site}/wiki/rest/api/content/65537/child/attachment`;
    expect((await post(attach, {})).status).toBe(403);
    expect((await post(attach, { 'x-atlassian-token': 'no-check' })).status).toBe(200);
    // The spelling of Confluence v1's docs.
    expect((await post(attach, { 'x-atlassian-token': 'nocheck' })).status).toBe(200);
    const temporary = `${emulator.urls.site}/rest/servicedeskapi/servicedesk/1/attachTemporaryFile`;
    expect((await post(temporary, { 'x-atlassian-token': 'no-check' })).status).toBe(412);
    expect((await post(temporary, { 'x-experimentalapi': 'opt-in' })).status).toBe(403);
    const both = await post(temporary, { 'x-experimentalapi': 'opt-in', 'x-atlassian-token': 'no-check' });
    expect(both.status).toBe(201);
    expect(await both.json()).toMatchObject({ temporaryAttachments: [{ fileName: 'a.txt' }] });
    // An experimental read, too.
    expect((await get(`${emulator.urls.site}/rest/servicedeskapi/requesttype`, classic)).status).toBe(412);
  });

  it('redirects and echoes for redirect tests', async () => {
    const response = await get(
      `${emulator.urls.site}/__emulator/redirect?to=${encodeURIComponent(emulator.urls.foreign)}`,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(emulator.urls.foreign);
  });
});
