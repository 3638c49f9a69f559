import { Readable } from 'node:stream';
import { basicAuth, type JiraAuthEvent, rateLimitOf } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import axios, { type AxiosError } from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type JiraAuthOptions, withJiraAuth } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const client = (options?: JiraAuthOptions, onEvent?: (event: JiraAuthEvent) => void) => {
  const jira = axios.create();
  withJiraAuth(
    jira,
    basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken as string,
      ...(onEvent ? { onEvent } : {}),
    }),
    options,
  );
  return jira;
};
const calls = (path: string) => emulator.requests({ host: 'site', path }).length;

describe('withJiraAuth with retry: rate limits', () => {
  it('waits what Retry-After says, then resolves with the answer that came through', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 1, windowSeconds: 1, retryAfter: 1 });
    const jira = client({ retry: true });
    await jira.get('/rest/api/3/myself');
    const started = Date.now();
    const { status, data } = await jira.get('/rest/api/3/myself');
    expect([status, data.accountId]).toEqual([200, DEFAULT_CLOUD_USER.accountId]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls('/rest/api/3/myself')).toBe(3);
  });

  it('stops after `retries`: the last 429 is thrown, its reading at hand', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const error = (await client({ retry: { retries: 2 } })
      .get('/rest/api/3/myself')
      .catch((failure: unknown) => failure)) as AxiosError;
    expect(error.response?.status).toBe(429);
    expect(rateLimitOf(error.response as never)).toMatchObject({ limited: true, reason: 'jira-burst-based' });
    expect(calls('/rest/api/3/myself')).toBe(3);
  });

  it('reports each 429 once, with the wait before it is sent again (none for the last), retry or not', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const events: JiraAuthEvent[] = [];
    const waits = () => events.map((event) => (event.type === 'rate-limited' ? event.retryInMs : event.type));
    await client({ retry: { retries: 2 } }, (event) => events.push(event))
      .get('/rest/api/3/myself')
      .catch(() => undefined);
    expect(waits()).toEqual([0, 0, undefined]);
    events.length = 0;
    await client(undefined, (event) => events.push(event))
      .get('/rest/api/3/myself')
      .catch(() => undefined);
    expect(waits()).toEqual([undefined]);
    expect(calls('/rest/api/3/myself')).toBe(4);
  });

  it('a 429 the application accepts (validateStatus) is retried the same way', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const response = await client({ retry: { retries: 1 } }).get('/rest/api/3/myself', {
      validateStatus: () => true,
    });
    expect(response.status).toBe(429);
    expect(calls('/rest/api/3/myself')).toBe(2);
  });

  it('never a POST by default, never a stream body, and nothing without the option', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const status = (request: Promise<unknown>) =>
      request.then(
        () => 200,
        (error: AxiosError) => error.response?.status,
      );
    expect(
      await status(client({ retry: true }).post('/rest/api/3/issue', { fields: { summary: 'x' } })),
    ).toBe(429);
    expect(calls('/rest/api/3/issue')).toBe(1);
    expect(
      await status(
        client({ retry: { methods: ['PUT'] } }).put(
          '/rest/api/3/issue/DEMO-1',
          Readable.from(['{"fields":{}}']),
          {
            headers: { 'content-type': 'application/json' },
          },
        ),
      ),
    ).toBe(429);
    expect(calls('/rest/api/3/issue/DEMO-1')).toBe(1);
    expect(await status(client().get('/rest/api/3/myself'))).toBe(429);
    expect(calls('/rest/api/3/myself')).toBe(1);
  });
});
