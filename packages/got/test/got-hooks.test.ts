import { Readable } from 'node:stream';
import {
  type AuthStrategy,
  BodyNotReplayableError,
  basicAuth,
  bearerAuth,
  jiraAuthErrorOf,
} from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import got from 'got';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jiraAuth } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('jiraAuth for got', () => {
  it('README example', async () => {
    const site = emulator.urls.site;
    const { email } = DEFAULT_CLOUD_USER;
    const apiToken = DEFAULT_CLOUD_USER.classicToken as string;

    const jira = got.extend(jiraAuth(basicAuth({ site, email, apiToken })));
    const me = await jira.get('rest/api/3/myself').json<{ emailAddress: string }>();

    expect(me.emailAddress).toBe(email);
  });

  it("a prefixUrl of the application's own wins over the strategy's base", async () => {
    const jira = got.extend(
      jiraAuth(bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string })),
      {
        prefixUrl: `${emulator.urls.dataCenter}/rest/api/2`,
      },
    );
    expect(await jira.get('myself').json()).toMatchObject({ name: DEFAULT_DC_USER.username });
  });

  it("keeps the application's own hooks", async () => {
    const seen: string[] = [];
    const jira = got.extend(
      jiraAuth(bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string })),
      {
        hooks: { beforeRequest: [(options) => void seen.push(String(options.url))] },
      },
    );
    await jira.get('rest/api/2/myself');
    expect(seen).toEqual([`${emulator.urls.dataCenter}/rest/api/2/myself`]);
  });

  it('got.stream takes a relative URL once the base URL is known', async () => {
    const strategy = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
    const jira = got.extend(jiraAuth(strategy));
    await jira.get('rest/api/2/myself').json();
    let text = '';
    for await (const chunk of jira.stream('rest/api/2/myself')) text += String(chunk);
    expect(JSON.parse(text)).toMatchObject({ name: DEFAULT_DC_USER.username });
    const [, streamed] = emulator.requests({ path: '/rest/api/2/myself' });
    expect(streamed?.headers.authorization).toBe(`Bearer ${DEFAULT_DC_USER.pat}`);
  });

  it('a stream body is not replayed: the 401 carries a BodyNotReplayableError', async () => {
    const retrying: AuthStrategy = {
      ...bearerAuth({ baseUrl: emulator.urls.dataCenter, token: 'not-a-valid-pat-1111' }),
      unauthorized: async () => ({ retry: true }),
    };
    const jira = got.extend(jiraAuth(retrying), { retry: { limit: 0 } });
    const error = await jira
      .post('rest/api/2/issue', {
        body: Readable.from([Buffer.from('{"fields":{}}')]),
        headers: { 'content-type': 'application/json' },
      })
      .catch((failure: unknown) => failure);
    expect((error as { response?: { statusCode: number } }).response?.statusCode).toBe(401);
    expect(BodyNotReplayableError.isInstance(jiraAuthErrorOf(error))).toBe(true);
    expect(emulator.requests({ host: 'dc' })).toHaveLength(1);
  });
});
