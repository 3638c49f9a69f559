import { Readable } from 'node:stream';
import {
  type AuthStrategy,
  BodyNotReplayableError,
  basicAuth,
  bearerAuth,
  jiraAuthErrorOf,
} from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import axios from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withJiraAuth } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const retryingPat = (token: string): AuthStrategy => ({
  ...bearerAuth({ baseUrl: emulator.urls.dataCenter, token }),
  unauthorized: async () => ({ retry: true }),
});

describe('withJiraAuth', () => {
  it('README example', async () => {
    const site = emulator.urls.site;
    const { email } = DEFAULT_CLOUD_USER;
    const apiToken = DEFAULT_CLOUD_USER.classicToken as string;

    const jira = axios.create();
    withJiraAuth(jira, basicAuth({ site, email, apiToken }));
    const { data } = await jira.get('/rest/api/3/myself');

    expect(data).toMatchObject({ emailAddress: email });
  });

  it('eject() removes both interceptors', async () => {
    const jira = axios.create({ baseURL: emulator.urls.site });
    const interceptors = withJiraAuth(
      jira,
      basicAuth({ site: emulator.urls.site, email: DEFAULT_CLOUD_USER.email, apiToken: 'ATATT-classic-000' }),
    );
    interceptors.eject();
    await expect(jira.get('/rest/api/3/myself')).rejects.toMatchObject({ response: { status: 401 } });
    expect(emulator.requests({ path: '/myself' })[0]?.headers.authorization).toBeUndefined();
  });

  it("calls the application's own beforeRedirect too", async () => {
    const jira = axios.create();
    withJiraAuth(
      jira,
      basicAuth({
        site: emulator.urls.site,
        email: DEFAULT_CLOUD_USER.email,
        apiToken: DEFAULT_CLOUD_USER.classicToken as string,
      }),
    );
    const seen: string[] = [];
    await jira.get(
      `/__emulator/redirect?to=${encodeURIComponent(`${emulator.urls.foreign}/__emulator/echo`)}`,
      {
        beforeRedirect: (options) => {
          seen.push(String(options.href));
          expect(options.headers.authorization ?? options.headers.Authorization).toBeUndefined();
        },
      },
    );
    expect(seen).toEqual([`${emulator.urls.foreign}/__emulator/echo`]);
    expect(emulator.requests({ host: 'foreign' })[0]?.headers.authorization).toBeUndefined();
  });

  it('a stream body is not replayed: the 401 carries a BodyNotReplayableError', async () => {
    const jira = axios.create();
    withJiraAuth(jira, retryingPat('not-a-valid-pat-1111'));
    const error = await jira
      .post('/rest/api/2/issue', Readable.from([Buffer.from('{"fields":{}}')]), {
        headers: { 'content-type': 'application/json' },
      })
      .catch((failure: unknown) => failure);
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401);
    expect(BodyNotReplayableError.isInstance(jiraAuthErrorOf(error))).toBe(true);
    expect(emulator.requests({ host: 'dc' })).toHaveLength(1);
  });

  it('a 401 accepted by validateStatus is still retried once', async () => {
    const jira = axios.create({ validateStatus: () => true });
    withJiraAuth(jira, retryingPat('not-a-valid-pat-2222'));
    const response = await jira.get('/rest/api/2/myself');
    expect(response.status).toBe(401);
    expect(emulator.requests({ host: 'dc' })).toHaveLength(2);
  });

  it('keeps a user-set Accept or Content-Type header', async () => {
    const jira = axios.create();
    withJiraAuth(
      jira,
      bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string }),
    );
    await jira.get('/rest/api/2/myself', { headers: { accept: 'application/json;charset=UTF-8' } });
    expect(emulator.requests({ host: 'dc' })[0]?.headers.accept).toBe('application/json;charset=UTF-8');
  });
});
