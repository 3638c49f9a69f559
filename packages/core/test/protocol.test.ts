// The adapter protocol, step by step, as the author of an adapter for another client meets it: a record-shaped
// client (its own header records and errors) calls authorize, guardRedirect, settle and finish; a fetch-shaped one
// authorizeFetch and settleFetch. Requests go to a real HTTP server on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import {
  authorize,
  authorizeFetch,
  finish,
  guardRedirect,
  settle,
  settleFetch,
} from '../src/adapter-kit/index.js';
import { jiraAuthReason } from '../src/adapter-kit/reason.js';
import { REDACTED } from '../src/adapter-kit/redact.js';
import {
  type AuthStrategy,
  CredentialRejectedError,
  type JiraAuthEvent,
  jiraAuthErrorOf,
  observe,
  ScopeMissingError,
} from '../src/index.js';
import type { AuthRequest } from '../src/types.js';
import { type Answer, loopback } from './loopback.js';

let script: Answer[] = [];
const server = loopback(() => script.shift() ?? { status: 200 });

/** A third-party strategy that renews on every 401, numbering its tokens, and notes what it was asked. */
function numbered(recover: 'retry' | 'refuse' | 'throw' = 'retry') {
  const asked: AuthRequest[] = [];
  const unauthorized: AuthRequest[] = [];
  let count = 0;
  const strategy: AuthStrategy = {
    kind: 'numbered',
    baseUrl: async () => new URL(server.origin),
    authenticate: async (request) => {
      asked.push(request);
      return { authorization: `Bearer token-number-${++count}` };
    },
    unauthorized: async (request) => {
      unauthorized.push(request);
      if (recover === 'throw') throw new Error('the renewal failed');
      return recover === 'retry'
        ? { retry: true }
        : { retry: false, error: new CredentialRejectedError('refused by the strategy') };
    },
  };
  return { strategy, asked, unauthorized };
}

const at = (path = '/rest/api/3/myself') => new URL(`${server.origin}${path}`);
const foreign = 'https://elsewhere.example.com/file';

describe('authorize', () => {
  it('gives credentials on the strategy origin only, asking the strategy with the method in capitals and the signal', async () => {
    const { strategy, asked } = numbered();
    const signal = new AbortController().signal;
    const state = await authorize(strategy, { url: at(), method: 'get', signal });
    expect(state.authenticated).toBe(true);
    expect(state.headers).toEqual({ authorization: 'Bearer token-number-1' });
    expect(state.base.href).toBe(`${server.origin}/`);
    expect(asked.map((request) => [request.method, request.signal === signal])).toEqual([['GET', true]]);

    const elsewhere = await authorize(strategy, { url: new URL(foreign), method: 'GET' });
    expect(elsewhere.authenticated).toBe(false);
    expect(elsewhere.headers).toEqual({});
    expect(asked).toHaveLength(1);
  });

  it('a request the client sends again with its earlier state keeps that state’s secrets and that it is the retry', async () => {
    const { strategy } = numbered();
    script = [{ status: 401 }];
    const first = await authorize(strategy, { url: at(), method: 'GET' });
    expect(await settle(first, { status: 401, headers: {} })).toMatchObject({ action: 'retry' });
    // axios runs its request interceptors again for the retry, with the config that holds the first state.
    const again = await authorize(strategy, { url: at(), method: 'GET' }, first);
    expect(again.retried).toBe(true);
    expect(again.secrets).toEqual([
      'Bearer token-number-1',
      'Bearer token-number-2',
      'Bearer token-number-3',
    ]);
    // A second 401 to the retry is final: the strategy is not asked again.
    const second = await settle(again, { status: 401, headers: {} });
    expect(second.action).toBe('fail');
    expect(second.action === 'fail' && second.error).toBeInstanceOf(CredentialRejectedError);
  });

  it('a first request starts as no retry, with only its own secrets', async () => {
    const { strategy } = numbered();
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    expect(state.retried).toBe(false);
    expect(state.secrets).toEqual(['Bearer token-number-1']);
  });
});

describe('settle', () => {
  it('hands on at once, without a promise and without asking the strategy, whatever needs no decision', async () => {
    const { strategy, unauthorized } = numbered();
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    for (const status of [200, 404, 429, 500])
      expect(settle(state, { status, headers: {} })).toEqual({ action: 'pass' });
    // A request the adapter never authorized, and one that went to another origin without credentials.
    expect(settle(undefined, { status: 401, headers: {} })).toEqual({ action: 'pass' });
    const elsewhere = await authorize(strategy, { url: new URL(foreign), method: 'GET' });
    expect(settle(elsewhere, { status: 401, headers: {} })).toEqual({ action: 'pass' });
    expect(unauthorized).toHaveLength(0);
  });

  it('reports each rate limit once as rate-limited, unless the adapter hands it to its own retry, and finish does not again', async () => {
    const events: JiraAuthEvent[] = [];
    const { strategy } = numbered();
    observe(strategy, (event) => events.push(event));
    const state = await authorize(strategy, { url: at('/rest/api/2/search?jql=secret'), method: 'get' });
    settle(state, { status: 429, headers: { 'retry-after': '1' } });
    settle(state, { status: 503, headers: { 'Retry-After': '2' } });
    // Not rate limits: a 503 that says nothing of when to come back, and a Retry-After on a 200.
    settle(state, { status: 503, headers: {} });
    settle(state, { status: 200, headers: { 'retry-after': '3' } });
    expect(events).toEqual(
      [1000, 2000].map((retryAfterMs) => ({
        type: 'rate-limited',
        strategy: 'numbered',
        method: 'GET',
        url: `${server.origin}/rest/api/2/search`,
        reading: { limited: true, retryAfterMs },
        retryInMs: undefined,
      })),
    );
    await finish(clientError(state.headers, undefined), state, {
      response: { status: 429, headers: { 'retry-after': '1' } },
    });
    expect(events).toHaveLength(2);
    // An adapter whose retry takes the answer reports it with its wait: settle stays silent.
    const retrying = await authorize(strategy, { url: at(), method: 'GET' });
    retrying.retriesRateLimits = true;
    settle(retrying, { status: 429, headers: { 'retry-after': '1' } });
    expect(events).toHaveLength(2);
  });

  it('asks for the retry with fresh headers, asking the strategy again with the method in capitals and the signal', async () => {
    const events: JiraAuthEvent[] = [];
    const { strategy, asked, unauthorized } = numbered();
    observe(strategy, (event) => events.push(event));
    const signal = new AbortController().signal;
    const state = await authorize(strategy, {
      url: at('/rest/api/3/myself?secret=1'),
      method: 'post',
      body: 'x',
      signal,
    });
    const settled = await settle(state, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
    expect(settled).toEqual({ action: 'retry', headers: { authorization: 'Bearer token-number-2' } });
    expect(asked.map((request) => [request.method, request.signal === signal])).toEqual([
      ['POST', true],
      ['POST', true],
    ]);
    // The strategy tells a stale token from the current one by what the request carried.
    expect(unauthorized[0]?.headers?.get('authorization')).toBe('Bearer token-number-1');
    expect(events).toEqual([
      {
        type: 'retried-after-401',
        strategy: 'numbered',
        method: 'POST',
        url: `${server.origin}/rest/api/3/myself`,
      },
    ]);
  });

  it('fails with a typed reason, kept on the state, when the body cannot be sent again or the strategy gives up', async () => {
    const { strategy } = numbered();
    const streamed = await authorize(strategy, { url: at(), method: 'POST', body: new ReadableStream() });
    const once = await settle(streamed, { status: 401, headers: {} });
    expect(once.action === 'fail' && once.error.code).toBe('JIRA_AUTH_BODY_NOT_REPLAYABLE');
    expect(streamed.reason).toBe(once.action === 'fail' && once.error);

    const refusing = numbered('refuse').strategy;
    const state = await authorize(refusing, { url: at(), method: 'GET' });
    const refused = await settle(state, { status: 401, headers: {} });
    expect(refused.action === 'fail' && refused.error.message).toBe(
      '[@jira-auth/core] refused by the strategy',
    );
  });

  it('reads a fetch Response’s body for a 401 only, and takes the body a client already read', async () => {
    const { strategy, unauthorized } = numbered();
    const scope = '{"code":401,"message":"Unauthorized; scope does not match"}';
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    const fresh = new Response(scope, { status: 401 });
    const settled = await settle(state, fresh);
    expect(settled.action === 'fail' && settled.error).toBeInstanceOf(ScopeMissingError);
    // The response is handed on with its body unread.
    expect(await fresh.text()).toBe(scope);

    const read = new Response(scope, { status: 401 });
    await read.text();
    const again = await authorize(strategy, { url: at(), method: 'GET' });
    const consumed = await settle(again, read, JSON.parse(scope));
    expect(consumed.action === 'fail' && consumed.error).toBeInstanceOf(ScopeMissingError);
    expect(unauthorized).toHaveLength(0);
  });
});

describe('guardRedirect', () => {
  const credentials = () => ({
    Authorization: 'Bearer token-number-1',
    'X-Atlassian-Token': 'no-check',
    accept: '*/*',
  });

  it('keeps credentials on a redirect within the strategy origin and drops them for any other', async () => {
    const { strategy } = numbered();
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    const same = credentials();
    guardRedirect(state, same, `${server.origin}/other`);
    expect(same).toEqual(credentials());
    const away = credentials();
    guardRedirect(state, away, foreign);
    expect(away).toEqual({ accept: '*/*' });
  });

  it('leaves the headers of a request it gave nothing to as the application set them', async () => {
    const { strategy } = numbered();
    const own = credentials();
    guardRedirect(undefined, own, foreign);
    const elsewhere = await authorize(strategy, { url: new URL(foreign), method: 'GET' });
    guardRedirect(elsewhere, own, 'https://third.example.com/');
    expect(own).toEqual(credentials());
  });
});

/** A record-shaped client's error: its request (with a live `Request`), its response, a copy of the options. */
function clientError(sent: Record<string, string>, response: unknown) {
  const error = new Error(`Request failed: ${sent.authorization}`) as Error & Record<string, unknown>;
  error.request = new Request(at(), { headers: sent });
  error.response = response;
  error.options = { headers: { ...sent } };
  return error;
}

describe('finish', () => {
  it('decides on a response no hook decided on, attaches the reason, hides the request and scrubs what was sent', async () => {
    const { strategy, unauthorized } = numbered('refuse');
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    const response = { status: 401, headers: {}, request: { headers: state.headers } };
    const error = clientError(state.headers, response);
    const headers = { Authorization: 'Bearer token-number-1', accept: '*/*' };
    await finish(error, state, { response, headers });

    expect(unauthorized).toHaveLength(1);
    expect(jiraAuthErrorOf(error)?.message).toBe('[@jira-auth/core] refused by the strategy');
    expect(Object.keys(error)).not.toContain('request');
    expect(Object.keys(response)).not.toContain('request');
    expect((error.request as Request).headers.get('authorization')).toBe(REDACTED);
    expect(headers).toEqual({ Authorization: REDACTED, accept: '*/*' });
    expect(error.message).toBe(`Request failed: ${REDACTED}`);
    expect(JSON.stringify(error.options)).not.toContain('token-number-1');
  });

  it('takes the reason settle kept, and never decides twice on a response whose decision threw', async () => {
    const { strategy, unauthorized } = numbered('refuse');
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    const settled = await settle(state, { status: 401, headers: {} });
    const error = clientError(state.headers, undefined);
    await finish(error, state, { response: { status: 401, headers: {} } });
    expect(jiraAuthErrorOf(error)).toBe(settled.action === 'fail' && settled.error);
    expect(unauthorized).toHaveLength(1);

    const throwing = numbered('throw');
    const renewing = await authorize(throwing.strategy, { url: at(), method: 'GET' });
    await expect(settle(renewing, { status: 401, headers: {} })).rejects.toThrow('the renewal failed');
    const failed = clientError(renewing.headers, { status: 401 });
    await finish(failed, renewing, { response: { status: 401, headers: {} } });
    expect(throwing.unauthorized).toHaveLength(1);
    expect(jiraAuthErrorOf(failed)).toBeUndefined();
    expect(failed.message).toBe(`Request failed: ${REDACTED}`);
  });

  it('attaches nothing to an error that had no 401 or 403, and still hides and scrubs', async () => {
    const { strategy, unauthorized } = numbered();
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    const error = clientError(state.headers, 'not an object');
    await finish(error, state, { response: { status: 500, headers: {} } });
    await finish(clientError(state.headers, undefined), state);
    expect(unauthorized).toHaveLength(0);
    expect(jiraAuthErrorOf(error)).toBeUndefined();
    expect(error.message).toBe(`Request failed: ${REDACTED}`);
    expect(error.response).toBe('not an object');
  });

  it('leaves the client’s own cause and a request that is no fetch Request as they are, when it has no reason', async () => {
    const { strategy } = numbered();
    const state = await authorize(strategy, { url: at(), method: 'GET' });
    const cause = new Error('socket hang up');
    const error = Object.assign(new Error('Request failed', { cause }), {
      request: { method: 'GET', path: '/rest/api/3/myself' },
    });
    await finish(error, state, { response: { status: 502, headers: {} } });
    expect(error.cause).toBe(cause);
    expect(error.request).toEqual({ method: 'GET', path: '/rest/api/3/myself' });
    expect(Object.keys(error)).not.toContain('request');
  });

  it('for a request it never authorized: the reason a fetch response carries, the request hidden, nothing scrubbed', async () => {
    script = [{ status: 401 }];
    const { strategy } = numbered('refuse');
    const state = await authorizeFetch(strategy, new Request(at()), { keep: true });
    const answered = await settleFetch(state, await fetch(state.send));
    const error = clientError({ authorization: 'Bearer the-application-own' }, answered);
    await finish(error, undefined, { response: answered });
    expect(jiraAuthErrorOf(error)?.message).toBe('[@jira-auth/core] refused by the strategy');
    expect(Object.keys(error)).not.toContain('request');
    expect((error.request as Request).headers.get('authorization')).toBe('Bearer the-application-own');
    expect(error.message).toBe('Request failed: Bearer the-application-own');
  });
});

describe('settleFetch', () => {
  it('sends the retry with the request’s own headers, the headers a client changed, and the fresh credential', async () => {
    const { strategy } = numbered();
    const request = new Request(at(), {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: 'payload',
    });
    const state = await authorizeFetch(strategy, request, { appBody: 'payload', keep: true });
    script = [{ status: 401 }, { status: 200, body: '{"ok":true}' }];
    server.received.length = 0;
    const first = await fetch(state.send);
    const answer = await settleFetch(state, first);
    expect(answer.status).toBe(200);
    expect(
      server.received.map((seen) => [seen.headers.authorization, seen.headers.accept, seen.body]),
    ).toEqual([
      ['Bearer token-number-1', 'application/json', 'payload'],
      ['Bearer token-number-2', 'application/json', 'payload'],
    ]);

    // A client that set a header after authorizeFetch (ky's hooks) passes the headers it sent.
    const changed = await authorizeFetch(strategy, new Request(at()), { keep: true });
    script = [{ status: 401 }, { status: 200 }];
    server.received.length = 0;
    const sent = new Headers(changed.send.headers);
    sent.set('x-client', 'set later');
    await settleFetch(changed, await fetch(changed.send), fetch, sent);
    expect(server.received[1]?.headers['x-client']).toBe('set later');
    expect(server.received[1]?.headers.authorization).toBe('Bearer token-number-4');
  });

  it('without a kept copy, a 401 the strategy would retry is handed on as it came: nothing is sent again', async () => {
    const { strategy } = numbered();
    const state = await authorizeFetch(strategy, new Request(at()));
    script = [{ status: 401 }];
    server.received.length = 0;
    const first = await fetch(state.send);
    expect(await settleFetch(state, first)).toBe(first);
    expect(server.received).toHaveLength(1);
    expect(jiraAuthReason(first)).toBeUndefined();
  });

  it('a second 401 to the retry carries the reason', async () => {
    const { strategy } = numbered();
    const state = await authorizeFetch(strategy, new Request(at()), { keep: true });
    script = [{ status: 401 }, { status: 401 }];
    const answer = await settleFetch(state, await fetch(state.send));
    expect(answer.status).toBe(401);
    expect(jiraAuthReason(answer)).toBeInstanceOf(CredentialRejectedError);
    script = [{ status: 401 }, { status: 204 }];
    const fine = await authorizeFetch(strategy, new Request(at()), { keep: true });
    const passed = await settleFetch(fine, await fetch(fine.send));
    expect(passed.status).toBe(204);
    expect(jiraAuthReason(passed)).toBeUndefined();
  });
});
