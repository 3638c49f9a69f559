import {
  type AuthStrategy,
  BodyNotReplayableError,
  basicAuth,
  bearerAuth,
  type JiraAuthEvent,
  jiraAuthReason,
  rateLimitOf,
} from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jiraFetch } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('jiraFetch', () => {
  it('uses the fetch it is given, for the request and its one retry', async () => {
    const calls: string[] = [];
    // Another fetch, as an SDK's option would pass one: the global fetch, counted.
    const counted: typeof fetch = (input, init) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const retrying: AuthStrategy = {
      ...bearerAuth({ baseUrl: emulator.urls.dataCenter, token: 'not-a-valid-pat-3333' }),
      unauthorized: async () => ({ retry: true }),
    };
    const response = await jiraFetch(retrying, { fetch: counted })('/rest/api/2/myself');
    expect(response.status).toBe(401);
    expect(calls).toEqual([
      `${emulator.urls.dataCenter}/rest/api/2/myself`,
      `${emulator.urls.dataCenter}/rest/api/2/myself`,
    ]);
  });

  it("the application's headers, as a record or as Headers, reach Jira with the credential in place of its own", async () => {
    const token = DEFAULT_DC_USER.pat as string;
    const jira = jiraFetch(bearerAuth({ baseUrl: emulator.urls.dataCenter, token }));
    for (const headers of [
      { Authorization: 'Bearer stale', 'X-Trace': 'record' },
      new Headers({ Authorization: 'Bearer stale', 'X-Trace': 'headers' }),
      [
        ['authorization', 'Bearer stale'],
        ['x-trace', 'pairs'],
      ] as [string, string][],
    ]) {
      expect((await jira('/rest/api/2/myself', { headers })).status).toBe(200);
    }
    const sent = emulator.requests({ host: 'dc' }).map((request) => request.headers);
    expect(sent.map((headers) => [headers.authorization, headers['x-trace']])).toEqual([
      [`Bearer ${token}`, 'record'],
      [`Bearer ${token}`, 'headers'],
      [`Bearer ${token}`, 'pairs'],
    ]);
  });

  it('relative URLs keep the context path of a Data Center base URL', async () => {
    const jira = jiraFetch(
      bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string }),
    );
    const response = await jira('rest/api/2/myself');
    expect(response.status).toBe(200);
    expect(emulator.requests({ host: 'dc' })[0]?.path).toBe('/jira/rest/api/2/myself');
  });

  it('a one-shot stream body is not replayed: the 401 carries a BodyNotReplayableError', async () => {
    const retrying: AuthStrategy = {
      ...bearerAuth({ baseUrl: emulator.urls.dataCenter, token: 'not-a-valid-pat-4444' }),
      unauthorized: async () => ({ retry: true }),
    };
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"fields":{}}'));
        controller.close();
      },
    });
    const response = await jiraFetch(retrying)('/rest/api/2/issue', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(401);
    expect(BodyNotReplayableError.isInstance(jiraAuthReason(response))).toBe(true);
    expect(emulator.requests({ host: 'dc' })).toHaveLength(1);
  });
});

describe('jiraFetch with retry: rate limits', () => {
  const site = (onEvent?: (event: JiraAuthEvent) => void) =>
    basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.classicToken as string,
      ...(onEvent ? { onEvent } : {}),
    });
  /** The waits of the `rate-limited` events: one event for each 429 Jira sent. */
  const waitsOf = (events: JiraAuthEvent[]) =>
    events.map((event) => (event.type === 'rate-limited' ? event.retryInMs : event.type));

  it('reports each 429 once, with the wait before it is sent again (none for the last)', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const events: JiraAuthEvent[] = [];
    const response = await jiraFetch(
      site((event) => events.push(event)),
      { retry: { retries: 2 } },
    )('/rest/api/3/myself');
    expect(response.status).toBe(429);
    expect(waitsOf(events)).toEqual([0, 0, undefined]);
    expect(myselfCalls()).toBe(3);
  });
  const myselfCalls = () => emulator.requests({ host: 'site', path: '/rest/api/3/myself' }).length;

  it("waits what Retry-After says, then sends again and hands on Jira's answer", async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 1, windowSeconds: 1, retryAfter: 1 });
    const jira = jiraFetch(site(), { retry: true });
    expect((await jira('/rest/api/3/myself')).status).toBe(200);
    const started = Date.now();
    const response = await jira('/rest/api/3/myself');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(myselfCalls()).toBe(3);
  });

  it('stops after `retries` and hands on the last 429, with its reading', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const response = await jiraFetch(site(), { retry: { retries: 2 } })('/rest/api/3/myself');
    expect(response.status).toBe(429);
    expect(rateLimitOf(response)).toMatchObject({
      limited: true,
      retryAfterMs: 0,
      reason: 'jira-burst-based',
    });
    expect(myselfCalls()).toBe(3);
  });

  it('backs off on its own when Jira sends no Retry-After', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: null });
    const started = Date.now();
    const response = await jiraFetch(site(), {
      retry: { retries: 2, baseDelayMs: 40, random: () => 0.999 },
    })('/rest/api/3/myself');
    expect(response.status).toBe(429);
    // 39 ms, then 79 ms: full jitter at its ceiling.
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(myselfCalls()).toBe(3);
  });

  it('does not send a POST again, nor a 401, nor anything without the option', async () => {
    emulator.rateLimit({ reason: 'jira-burst-based', limit: 0, retryAfter: 0 });
    const jira = jiraFetch(site(), { retry: true });
    const created = await jira('/rest/api/3/issue', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { summary: 'x' } }),
    });
    expect(created.status).toBe(429);
    expect(emulator.requests({ path: '/rest/api/3/issue' })).toHaveLength(1);
    expect((await jiraFetch(site())('/rest/api/3/myself')).status).toBe(429);
    expect(myselfCalls()).toBe(1);
    emulator.reset();
    const rejected = jiraFetch(
      basicAuth({ site: emulator.urls.site, email: DEFAULT_CLOUD_USER.email, apiToken: 'wrong-token-0000' }),
      {
        retry: true,
      },
    );
    expect((await rejected('/rest/api/3/myself')).status).toBe(401);
    expect(myselfCalls()).toBe(1);
  });
});
