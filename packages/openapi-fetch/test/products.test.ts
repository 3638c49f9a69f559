// The Confluence and Service Management clients against the emulator: each reaches its product with the strategy
// made for Jira (site or gateway), sends the headers its spec asks for (no-check on uploads, the experimental
// opt-in), checks OAuth scopes from its own spec before sending, and shares the strategy's token with Jira's client.
import { basicAuth, oauth2, ScopeMissingError } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator, PRODUCT_SCOPES } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConfluenceClient } from '../src/confluence.js';
import { createJiraClient } from '../src/index.js';
import { createServiceDeskClient } from '../src/service-management.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const classic = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.classicToken,
  });
const scoped = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.scopedToken,
    scoped: true,
    endpoints: emulator.endpoints,
  });
const threeLegged = (scopes: readonly string[] = ['read:jira-user', 'offline_access', ...PRODUCT_SCOPES]) =>
  oauth2({
    clientId: DEFAULT_OAUTH_CLIENT.clientId,
    clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
    tokens: emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, scopes),
  });

/** Where each request went: host, path, and whether it carried credentials. */
const wire = () =>
  emulator
    .requests()
    .map((entry) => `${entry.host} ${entry.path}${entry.headers.authorization ? '' : ' (none)'}`);

describe('createConfluenceClient', () => {
  it("a classic API token: v2 and v1 on the site's /wiki", async () => {
    const confluence = createConfluenceClient({ auth: classic() });
    const spaces = await confluence.GET('/api/v2/spaces');
    expect(spaces.data?.results?.map((space) => space.key)).toEqual(['DOCS']);
    const found = await confluence.GET('/rest/api/search', { params: { query: { cql: 'type = page' } } });
    expect(found.data?.results?.map((result) => result.title)).toEqual(['Welcome to jira-auth']);
    expect(wire()).toEqual(['site /wiki/api/v2/spaces', 'site /wiki/rest/api/search?cql=type%20%3D%20page']);
  });

  it.each([
    ['3LO', () => threeLegged()],
    ['a scoped API token', scoped],
  ])("%s: on the gateway's /ex/confluence/{cloudId}/wiki", async (_name, make) => {
    const confluence = createConfluenceClient({ auth: make() });
    const { data } = await confluence.GET('/api/v2/pages/{id}', {
      params: { path: { id: 65537 }, query: { 'body-format': 'storage' } },
    });
    expect(data?.body?.storage?.value).toBe('<p>One credential, every product.</p>');
    const wiki = `/ex/confluence/${emulator.cloudId}/wiki`;
    expect(wire().filter((line) => line.startsWith('api '))).toEqual([
      `api ${wiki}/api/v2/pages/65537?body-format=storage`,
    ]);
  });

  it('uploads an attachment (v1) with FormData and X-Atlassian-Token: no-check', async () => {
    const confluence = createConfluenceClient({ auth: classic() });
    const form = new FormData();
    form.append('file', new Blob(['release notes']), 'notes.txt');
    form.append('minorEdit', 'true');
    const { data, response } = await confluence.POST('/rest/api/content/{id}/child/attachment', {
      params: { path: { id: '65537' } },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(data?.results?.map((result) => result?.title)).toEqual(['notes.txt']);
    const [sent] = emulator.requests({ path: '/child/attachment' });
    expect(sent?.headers['x-atlassian-token']).toBe('no-check');
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('an OAuth token without the granular scope fails before any request, naming it', async () => {
    const confluence = createConfluenceClient({
      auth: threeLegged(['read:jira-user', 'offline_access', 'read:space:confluence']),
    });
    emulator.reset();
    const error = await confluence.GET('/api/v2/pages').catch((failure: unknown) => failure);
    expect(ScopeMissingError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      / Confluence's getPages \(GET \/api\/v2\/pages\) needs the scope read:page:confluence, which the token was not granted/,
    );
    expect(emulator.requests({ host: 'api' })).toHaveLength(0);
    expect((await confluence.GET('/api/v2/spaces')).response.status).toBe(200);
  });
});

describe('createServiceDeskClient', () => {
  it.each([
    ['a classic API token', classic, 'site', ''],
    ['3LO', () => threeLegged(), 'api', '/ex/jira/{cloudId}'],
  ])('%s: service desks, request types and a request', async (_name, make, host, prefix) => {
    const desk = createServiceDeskClient({ auth: make() });
    const desks = await desk.GET('/rest/servicedeskapi/servicedesk');
    expect(desks.data?.values?.map((entry) => entry.projectKey)).toEqual(['HELP']);
    const types = await desk.GET('/rest/servicedeskapi/servicedesk/{serviceDeskId}/requesttype', {
      params: { path: { serviceDeskId: '1' } },
    });
    expect(types.data?.values?.map((type) => type.name)).toContain('Get IT help');
    const created = await desk.POST('/rest/servicedeskapi/request', {
      body: { serviceDeskId: '1', requestTypeId: '10', requestFieldValues: { summary: 'Printer on fire' } },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.reporter?.accountId).toBe(DEFAULT_CLOUD_USER.accountId);
    const base = prefix.replace('{cloudId}', emulator.cloudId);
    expect(wire().filter((line) => line.startsWith(`${host} `))).toEqual([
      `${host} ${base}/rest/servicedeskapi/servicedesk`,
      `${host} ${base}/rest/servicedeskapi/servicedesk/1/requesttype`,
      `${host} ${base}/rest/servicedeskapi/request`,
    ]);
  });

  it('an experimental method gets X-ExperimentalApi: opt-in (412 without it); others do not', async () => {
    const desk = createServiceDeskClient({ auth: classic() });
    const all = await desk.GET('/rest/servicedeskapi/requesttype');
    expect(all.response.status).toBe(200);
    await desk.GET('/rest/servicedeskapi/servicedesk');
    const optIn = emulator.requests().map((entry) => [entry.path, entry.headers['x-experimentalapi']]);
    expect(optIn).toEqual([
      ['/rest/servicedeskapi/requesttype', 'opt-in'],
      ['/rest/servicedeskapi/servicedesk', undefined],
    ]);
    // The emulator's rule, as Service Management answers a plain client.
    const plain = await fetch(`${emulator.urls.site}/rest/servicedeskapi/requesttype`, {
      headers: {
        authorization: `Basic ${btoa(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.classicToken}`)}`,
      },
    });
    expect(plain.status).toBe(412);
  });

  it('attachTemporaryFile: FormData, the opt-in and no-check', async () => {
    const desk = createServiceDeskClient({ auth: classic() });
    const form = new FormData();
    form.append('file', new Blob(['screenshot']), 'screen.png');
    const { data, response } = await desk.POST(
      '/rest/servicedeskapi/servicedesk/{serviceDeskId}/attachTemporaryFile',
      { params: { path: { serviceDeskId: '1' } }, body: form },
    );
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ temporaryAttachments: [{ fileName: 'screen.png' }] });
    const [sent] = emulator.requests({ path: '/attachTemporaryFile' });
    expect([sent?.headers['x-atlassian-token'], sent?.headers['x-experimentalapi']]).toEqual([
      'no-check',
      'opt-in',
    ]);
  });

  it("an OAuth token without the operation's scope fails before any request", async () => {
    const desk = createServiceDeskClient({
      auth: threeLegged(['read:jira-user', 'offline_access', 'read:servicedesk-request']),
    });
    emulator.reset();
    const error = await desk
      .POST('/rest/servicedeskapi/request', {
        body: { serviceDeskId: '1', requestTypeId: '10', requestFieldValues: { summary: 'x' } },
      })
      .catch((failure: unknown) => failure);
    expect((error as Error).message).toMatch(
      / Jira Service Management's createCustomerRequest \(POST \/rest\/servicedeskapi\/request\) needs the scope write:servicedesk-request \(or the granular /,
    );
    expect(emulator.log).toHaveLength(0);
  });
});

it('Jira, Service Management and Confluence clients on one OAuth strategy: one token request per expiry', async () => {
  const auth = threeLegged();
  const jira = createJiraClient({ auth });
  const desk = createServiceDeskClient({ auth });
  const confluence = createConfluenceClient({ auth });
  const calls = () => [
    jira.GET('/rest/api/3/myself'),
    desk.GET('/rest/servicedeskapi/servicedesk'),
    confluence.GET('/api/v2/spaces'),
    confluence.GET('/rest/api/search', { params: { query: { cql: 'type = page' } } }),
  ];
  expect((await Promise.all(calls())).map((result) => result.response.status)).toEqual([200, 200, 200, 200]);
  emulator.advanceClock(3600 + 60);
  const before = emulator.requests({ host: 'auth', path: '/oauth/token' }).length;
  expect((await Promise.all(calls())).map((result) => result.response.status)).toEqual([200, 200, 200, 200]);
  expect(emulator.requests({ host: 'auth', path: '/oauth/token' }).length - before).toBe(1);
});
