import { basicAuth, jiraAuthErrorOf, jiraAuthReason, oauth2, ScopeMissingError } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiraClient, createJiraSoftwareClient, jiraAuthMiddleware, type paths } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const classic = () =>
  basicAuth({
    site: emulator.urls.site,
    email: DEFAULT_CLOUD_USER.email,
    apiToken: DEFAULT_CLOUD_USER.classicToken as string,
  });

describe('createJiraClient', () => {
  it('README example', async () => {
    const site = emulator.urls.site;
    const { email } = DEFAULT_CLOUD_USER;
    const apiToken = DEFAULT_CLOUD_USER.classicToken as string;

    const jira = createJiraClient({ auth: basicAuth({ site, email, apiToken }) });
    const { data } = await jira.GET('/rest/api/3/myself');

    expect(data?.accountId).toBe(DEFAULT_CLOUD_USER.accountId);
  });

  it('uploads an attachment with FormData and the no-check header', async () => {
    const jira = createJiraClient({ auth: classic() });
    const form = new FormData();
    form.append('file', new Blob(['typed upload']), 'typed.txt');
    const { data, response } = await jira.POST('/rest/api/3/issue/{issueIdOrKey}/attachments', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject([{ filename: 'typed.txt' }]);
    expect(emulator.requests({ path: '/attachments' })[0]?.headers['x-atlassian-token']).toBe('no-check');
  });

  it('adds the no-check header where the operation table says so, even without a multipart body', async () => {
    const jira = createJiraClient({ auth: classic() });
    await jira.POST('/rest/api/3/universal_avatar/type/{type}/owner/{entityId}', {
      params: { path: { type: 'project', entityId: '10000' }, query: { size: 16 } },
      body: 'png bytes' as never,
    });
    expect(emulator.requests({ path: '/universal_avatar/' })[0]?.headers['x-atlassian-token']).toBe(
      'no-check',
    );
    await jira.GET('/rest/api/3/myself');
    expect(emulator.requests({ path: '/myself' })[0]?.headers['x-atlassian-token']).toBeUndefined();
  });

  it('fails fast, before any request, when an OAuth token lacks the operation scope', async () => {
    const app = DEFAULT_OAUTH_CLIENT;
    const tokens = emulator.auth.grant(app.clientId, ['read:jira-work', 'offline_access']);
    const cloudId = emulator.cloudId;
    const jira = createJiraClient({
      auth: oauth2({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        account: 'a',
        cloudId,
        tokens,
        endpoints: emulator.endpoints,
      }),
    });
    emulator.reset();
    const error = await jira.GET('/rest/api/3/myself').catch((failure: unknown) => failure);
    expect(ScopeMissingError.isInstance(error)).toBe(true);
    expect((error as ScopeMissingError).scopes).toEqual(['read:jira-user']);
    expect((error as Error).message).toMatch(
      /getCurrentUser \(GET \/rest\/api\/3\/myself\) needs the scope read:jira-user/,
    );
    expect(emulator.log).toHaveLength(0);
    const { response } = await jira.GET('/rest/api/3/issue/{issueIdOrKey}', {
      params: { path: { issueIdOrKey: 'DEMO-1' } },
    });
    expect(response.status).toBe(200);
  });

  it('a rejected credential: the result carries the 401, jiraAuthReason tells why', async () => {
    const jira = createJiraClient({
      auth: basicAuth({ site: emulator.urls.site, email: 'a@b.c', apiToken: 'wrong-token-000' }),
    });
    const { error, response } = await jira.GET('/rest/api/3/myself');
    expect(response.status).toBe(401);
    expect(error).toBeDefined();
    expect(jiraAuthErrorOf(jiraAuthReason(response))?.code).toBe('JIRA_AUTH_CREDENTIAL_REJECTED');
  });

  it('the Agile client goes to the same base URL', async () => {
    const agile = createJiraSoftwareClient({ auth: classic() });
    await agile.GET('/rest/agile/1.0/board');
    const [seen] = emulator.requests({ path: '/rest/agile/1.0/board' });
    expect(seen?.host).toBe('site');
    expect(seen?.headers.authorization).toMatch(/^Basic /);
  });
});

describe('the client object', () => {
  it('every function that sends a request is aimed at the base URL: a function openapi-fetch adds fails here', async () => {
    const auth = basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken as string,
    });
    const client = createJiraClient({ auth });
    const plain = createClient<paths>({ baseUrl: 'https://example.invalid' });
    const functions = (object: object) =>
      Object.keys(object)
        .filter((key) => typeof (object as Record<string, unknown>)[key] === 'function')
        .sort();
    // The keys createJiraClient wraps (the eight methods and `request`) and the two it leaves (middleware).
    const wrapped = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'request'];
    expect(functions(plain)).toEqual([...wrapped, 'eject', 'use'].sort());
    expect(functions(client)).toEqual(functions(plain));
    // Both ways in reach Jira with the strategy's base URL.
    expect((await client.GET('/rest/api/3/myself')).response.status).toBe(200);
    expect((await client.request('get', '/rest/api/3/myself')).response.status).toBe(200);
  });
});

describe('jiraAuthMiddleware on a plain openapi-fetch client', () => {
  it('authenticates a client made with the types and a base URL of its own', async () => {
    const client = createClient<paths>({ baseUrl: emulator.urls.site });
    client.use(jiraAuthMiddleware(classic()));
    const { data } = await client.GET('/rest/api/3/myself');
    expect(data?.emailAddress).toBe(DEFAULT_CLOUD_USER.email);
  });
});
