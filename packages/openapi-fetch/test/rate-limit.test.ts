import { basicAuth, type JiraAuthEvent, rateLimitOf } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiraClient, type JiraClientOptions } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const client = (retry: JiraClientOptions['retry'], onEvent?: (event: JiraAuthEvent) => void) =>
  createJiraClient({
    auth: basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken as string,
      ...(onEvent ? { onEvent } : {}),
    }),
    ...(retry === undefined ? {} : { retry }),
  });

describe('createJiraClient with retry: rate limits', () => {
  it('waits what Retry-After says and returns the data of the answer that came through', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 1, windowSeconds: 1, retryAfter: 1 });
    const jira = client(true);
    await jira.GET('/rest/api/3/myself');
    const started = Date.now();
    const { data, response } = await jira.GET('/rest/api/3/myself');
    expect(response.status).toBe(200);
    expect(data?.accountId).toBe(DEFAULT_CLOUD_USER.accountId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(emulator.requests({ path: '/rest/api/3/myself' })).toHaveLength(3);
  });

  it('reports each 429 once, with the wait before it is sent again (none for the last), retry or not', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const events: JiraAuthEvent[] = [];
    const waits = () => events.map((event) => (event.type === 'rate-limited' ? event.retryInMs : event.type));
    await client({ retries: 2 }, (event) => events.push(event)).GET('/rest/api/3/myself');
    expect(waits()).toEqual([0, 0, undefined]);
    events.length = 0;
    await client(undefined, (event) => events.push(event)).GET('/rest/api/3/myself');
    expect(waits()).toEqual([undefined]);
    expect(emulator.requests({ path: '/rest/api/3/myself' })).toHaveLength(4);
  });

  it('caps the attempts; sends an idempotent write again with its body, and never a POST by default', async () => {
    emulator.rateLimit({ reason: 'jira-per-issue-on-write', limit: 0, retryAfter: 0 });
    const edit = (jira: ReturnType<typeof client>) =>
      jira.PUT('/rest/api/3/issue/{issueIdOrKey}', {
        params: { path: { issueIdOrKey: 'DEMO-1' } },
        body: { fields: { summary: 'edited' } },
      });
    // PUT is idempotent: sent again, with its body, up to `retries` times.
    const capped = await edit(client({ retries: 2 }));
    expect(capped.response.status).toBe(429);
    expect(rateLimitOf(capped.response).reason).toBe('jira-per-issue-on-write');
    const edits = emulator.requests({ path: '/rest/api/3/issue/DEMO-1' });
    expect(edits.map((request) => [request.method, request.body])).toEqual(
      Array(3).fill(['PUT', JSON.stringify({ fields: { summary: 'edited' } })]),
    );
    emulator.reset();
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const created = await client(true).POST('/rest/api/3/issue', { body: { fields: { summary: 'x' } } });
    expect(created.response.status).toBe(429);
    expect(emulator.requests({ path: '/rest/api/3/issue' })).toHaveLength(1);
  });

  it('is off unless asked for', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    expect((await client(undefined).GET('/rest/api/3/myself')).response.status).toBe(429);
    expect(emulator.requests({ path: '/rest/api/3/myself' })).toHaveLength(1);
  });
});
