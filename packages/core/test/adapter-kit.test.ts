import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bearerAuth, CredentialRejectedError } from '../src/index.js';
import {
  aimAtBase,
  aimAtGivenUrl,
  aimRequest,
  attachReason,
  authorizeFetch,
  authorizeRequest,
  copyForReplay,
  decideOnResponse,
  guardRedirect,
  hideProperty,
  isAimedAtPlaceholder,
  isMultipart,
  isReplayableBody,
  JIRA_PLACEHOLDER,
  jiraAuthErrorOf,
  joinUrl,
  livePlaceholder,
  scrubSecrets,
  secretsOf,
  toHeaders,
} from './kit.js';

const auth = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'pat-0123456789' });

describe('adapter kit', () => {
  it('joins paths under the base path, like HTTP clients with a base URL', () => {
    expect(joinUrl('https://api.atlassian.com/ex/jira/c1', '/rest/api/3/myself').href).toBe(
      'https://api.atlassian.com/ex/jira/c1/rest/api/3/myself',
    );
    expect(joinUrl('https://j.example.com/jira/', 'rest/api/2/myself').href).toBe(
      'https://j.example.com/jira/rest/api/2/myself',
    );
    expect(joinUrl('https://j.example.com/jira', 'https://other.example/x').href).toBe(
      'https://other.example/x',
    );
  });

  it('authorizes only under the strategy base, and marks multipart uploads', async () => {
    const same = await authorizeRequest(auth, {
      url: new URL('https://jira.example.com/jira/rest/api/2/attachment'),
      method: 'POST',
      body: new FormData(),
    });
    expect(same).toMatchObject({
      authenticated: true,
      headers: { authorization: 'Bearer pat-0123456789', 'x-atlassian-token': 'no-check' },
      // The credential is a secret to scrub from errors; X-Atlassian-Token is not.
      secrets: ['Bearer pat-0123456789'],
    });
    const foreign = await authorizeRequest(auth, {
      url: new URL('https://jira.example.com.evil.test/jira'),
      method: 'GET',
    });
    expect(foreign).toMatchObject({ authenticated: false, headers: {}, secrets: [] });
    const otherPort = await authorizeRequest(auth, {
      url: new URL('https://jira.example.com:8443/jira'),
      method: 'GET',
    });
    expect(otherPort.authenticated).toBe(false);
    // The same origin outside the context path, or a path that only begins with it, is not Jira's.
    for (const outside of ['https://jira.example.com/other', 'https://jira.example.com/jira-admin/x'])
      expect(
        (await authorizeRequest(auth, { url: new URL(outside), method: 'GET' })).authenticated,
        outside,
      ).toBe(false);
  });

  it('tells multipart bodies apart', () => {
    expect(isMultipart(new FormData())).toBe(true);
    expect(isMultipart('x', { 'Content-Type': 'multipart/form-data; boundary=x' })).toBe(true);
    expect(isMultipart('{}', new Headers({ 'content-type': 'application/json' }))).toBe(false);
    expect(isMultipart({ a: 1 })).toBe(false);
  });

  it('passes 403 and 429 on, never asking the strategy', async () => {
    const request = { url: new URL('https://jira.example.com/jira/rest/api/2/myself'), method: 'GET' };
    for (const status of [403, 429, 500]) {
      expect(
        await decideOnResponse(auth, request, { status, headers: new Headers() }, { retried: false }),
      ).toEqual({ action: 'pass' });
    }
  });

  it('turns a client header record into Headers', () => {
    const headers = toHeaders({
      toJSON: () => ({
        Accept: 'application/json',
        'set-cookie': ['a=1', 'b=2'],
        skipped: undefined,
        off: false,
      }),
    });
    expect([...headers]).toEqual([
      ['accept', 'application/json'],
      ['set-cookie', 'a=1, b=2'],
    ]);
  });

  it('scrubs secrets from nested objects and raw heads', () => {
    const error = {
      config: { headers: { Authorization: 'Bearer pat-0123456789' } },
      request: { _header: 'GET / HTTP/1.1\r\nAuthorization: Bearer pat-0123456789\r\n' },
    };
    scrubSecrets(error, ['Bearer pat-0123456789']);
    expect(JSON.stringify(error)).not.toContain('pat-0123456789');
  });

  it('keeps credentials on a redirect only within the strategy origin', () => {
    const base = new URL('https://jira.example.com/jira');
    const headers = () => ({ Authorization: 'Bearer x', 'X-Atlassian-Token': 'no-check', accept: 'a' });
    const kept = headers();
    guardRedirect(kept, 'https://jira.example.com/jira/next', base);
    expect(kept).toEqual(headers());
    for (const target of [
      'https://cdn.jira.example.com/file', // a subdomain: follow-redirects would keep Authorization
      'https://jira.example.com:8443/jira', // another port: got would keep it
      'http://jira.example.com/jira', // another scheme
      'not a url',
      undefined,
    ]) {
      const dropped = headers();
      guardRedirect(dropped, target, base);
      expect(dropped, String(target)).toEqual({ accept: 'a' });
    }
  });

  it('tells bodies that can be sent again from one-shot streams', () => {
    for (const body of [
      undefined,
      null,
      'text',
      new Uint8Array(2),
      new Blob(['x']),
      new FormData(),
      { a: 1 },
    ])
      expect(isReplayableBody(body), String(body)).toBe(true);
    const asyncIterable = { async *[Symbol.asyncIterator]() {} };
    for (const body of [Readable.from(['x']), new ReadableStream(), asyncIterable])
      expect(isReplayableBody(body)).toBe(false);
  });

  it('copies a request body for the one retry, but not a stream the application gave', async () => {
    const copy = await copyForReplay(new Request('https://j.example/x', { method: 'POST', body: 'abc' }));
    expect(copy.replayable).toBe(true);
    expect(new TextDecoder().decode(copy.body as ArrayBuffer)).toBe('abc');
    // A string the application gave is sent again as it is: no copy of the encoded body.
    const given = await copyForReplay(
      new Request('https://j.example/x', { method: 'POST', body: 'abc' }),
      'abc',
    );
    expect(given.body).toBe('abc');
    // A FormData is encoded anew with a new boundary, which the kept headers would not match: its bytes are copied.
    const form = new FormData();
    form.append('a', 'b');
    const upload = new Request('https://j.example/x', { method: 'POST', body: form });
    const copied = await copyForReplay(upload, form);
    expect(copied.body).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(copied.body as ArrayBuffer)).toContain(
      (upload.headers.get('content-type') ?? '').split('boundary=')[1] ?? 'no boundary',
    );
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('once'));
        controller.close();
      },
    });
    const request = new Request('https://j.example/x', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const streamed = await copyForReplay(request, stream);
    expect(streamed).toMatchObject({ replayable: false, body: undefined });
    expect(request.bodyUsed).toBe(false);
  });

  it('re-aims placeholder URLs at the strategy base URL, and leaves others alone', async () => {
    expect(isAimedAtPlaceholder(`${JIRA_PLACEHOLDER}rest/api/2/myself`)).toBe(true);
    expect((await aimAtBase(auth, `${JIRA_PLACEHOLDER}rest/api/2/myself?x=1`))?.href).toBe(
      'https://jira.example.com/jira/rest/api/2/myself?x=1',
    );
    expect(await aimAtBase(auth, 'https://other.example/rest/api/2/myself')).toBeUndefined();
    expect(isAimedAtPlaceholder('https://jira-auth.invalid.example/')).toBe(false);
  });

  it('makes a placeholder request again for the base URL, its body with a length unless it was a stream', async () => {
    const strategy = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'pat-0123456789' });
    const aimed = (init: RequestInit & { duplex?: 'half' }) =>
      new Request(`${JIRA_PLACEHOLDER}rest/api/2/issue`, { method: 'POST', ...init });
    const text = '{"fields":{}}';
    const fromText = await aimRequest(strategy, aimed({ body: text }), text);
    expect(fromText.url).toBe('https://jira.example.com/jira/rest/api/2/issue');
    expect(fromText.method).toBe('POST');
    expect(await fromText.text()).toBe(text);
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    const upload = aimed({ body: form });
    const type = upload.headers.get('content-type');
    const fromForm = await aimRequest(strategy, upload, form);
    // The bytes as encoded, so the boundary in the kept Content-Type still matches.
    expect(fromForm.headers.get('content-type')).toBe(type);
    expect(await fromForm.text()).toContain(`${type?.split('boundary=')[1]}`);
    // A stream is not read to its end (it may never end; the client would have streamed it too): the request is
    // made at once, with the stream as its body.
    const endless = new ReadableStream({ start: (controller) => controller.enqueue(new Uint8Array(1)) });
    const fromStream = await aimRequest(strategy, aimed({ body: endless, duplex: 'half' }), endless);
    expect(fromStream.url).toBe('https://jira.example.com/jira/rest/api/2/issue');
    await fromStream.body?.cancel();
    const other = new Request('https://other.example/rest/api/2/issue');
    expect(await aimRequest(strategy, other)).toBe(other);
  });

  it('makes a fetch request ready: aimed at the base URL, credentials on the strategy origin only, kept for a retry', async () => {
    const strategy = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'pat-0123456789' });
    const placeholder = new Request(`${JIRA_PLACEHOLDER}rest/api/2/myself`);
    const first = await authorizeFetch(strategy, placeholder, { keep: true });
    expect(first.send).not.toBe(placeholder);
    expect(first.send.url).toBe('https://jira.example.com/jira/rest/api/2/myself');
    expect(first.send.headers.get('authorization')).toBe('Bearer pat-0123456789');
    expect(first).toMatchObject({ authenticated: true, secrets: ['Bearer pat-0123456789'] });
    expect(first.request.url.href).toBe(first.send.url);
    expect(first.request.headers).toBe(first.send.headers);
    expect(first.copy).toMatchObject({
      url: first.request.url,
      method: 'GET',
      replayable: true,
      body: undefined,
    });
    // Already aimed at the base URL: the same request, with the headers set on it; nothing kept without `keep`.
    const aimed = new Request('https://jira.example.com/jira/rest/api/2/myself', { method: 'DELETE' });
    const second = await authorizeFetch(strategy, aimed);
    expect(second.send).toBe(aimed);
    expect(aimed.headers.get('authorization')).toBe('Bearer pat-0123456789');
    expect(second.request.method).toBe('DELETE');
    expect(second.copy).toBeUndefined();
    // Another origin: no credentials, nothing kept.
    const foreign = new Request('https://other.example/rest/api/2/myself');
    const third = await authorizeFetch(strategy, foreign, { keep: true });
    expect(third).toMatchObject({ authenticated: false, send: foreign, copy: undefined, headers: {} });
    expect(foreign.headers.has('authorization')).toBe(false);
  });

  it('keeps the body of a fetch request as the application gave it, or a copy of a form, and marks uploads', async () => {
    const strategy = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'pat-0123456789' });
    const text = '{"fields":{}}';
    const post = new Request(`${JIRA_PLACEHOLDER}rest/api/2/issue`, { method: 'POST', body: text });
    const json = await authorizeFetch(strategy, post, { appBody: text, keep: true });
    expect(json.copy?.body).toBe(text);
    expect(json.send.headers.has('x-atlassian-token')).toBe(false);
    expect(await json.send.text()).toBe(text);
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    const upload = new Request(`${JIRA_PLACEHOLDER}rest/api/2/issue/A-1/attachments`, {
      method: 'POST',
      body: form,
    });
    const ready = await authorizeFetch(strategy, upload, { appBody: form, keep: true });
    expect(ready.send.headers.get('x-atlassian-token')).toBe('no-check');
    expect(ready.copy?.body).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(ready.copy?.body as ArrayBuffer)).toBe(await ready.send.text());
  });

  it('ky 1: the placeholder becomes the base URL once it is known', async () => {
    const strategy = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'pat-0123456789' });
    const prefix = livePlaceholder(strategy);
    expect(String(prefix)).toBe(JIRA_PLACEHOLDER);
    await aimAtBase(strategy, `${JIRA_PLACEHOLDER}rest/api/2/myself`);
    expect(String(prefix)).toBe('https://jira.example.com/jira');
    expect(String({ ...prefix })).toBe('https://jira.example.com/jira');
  });

  it('ky: an absolute URL given as a string, which ky joined to the prefix, is where the request goes', async () => {
    for (const [base, joined] of [
      // A base URL with a path of its own, and one without (its href ends with a slash already).
      ['https://jira.example.com/jira', 'https://jira.example.com/jira/'],
      ['https://jira.example.com', 'https://jira.example.com/'],
    ] as const) {
      const strategy = bearerAuth({ baseUrl: base, token: 'pat-0123456789' });
      const given = 'https://other.example/x?y=1';
      // Joined to the placeholder while the base URL is not known yet, to the base URL once it is.
      const early = await aimAtGivenUrl(strategy, new Request(`${JIRA_PLACEHOLDER}${given}`));
      expect(early.url).toBe(given);
      await aimAtBase(strategy, `${JIRA_PLACEHOLDER}rest/api/2/myself`);
      const text = '{"fields":{}}';
      const post = new Request(`${joined}${given}`, { method: 'POST', body: text });
      const late = await aimAtGivenUrl(strategy, post, text);
      expect(late.url).toBe(given);
      expect(late.method).toBe('POST');
      expect(await late.text()).toBe(text);
      // A request built for the placeholder still, with one given as a string joined to it.
      expect((await aimAtGivenUrl(strategy, new Request(`${JIRA_PLACEHOLDER}${given}`))).url).toBe(given);
      // Anything else is left as it is: a path below the prefix, a URL given as a URL (never joined), and a URL
      // with an absolute URL in its path that is not right after the prefix.
      // At once, with no promise, for a URL with no second `://` in it (nearly every request).
      const plain = new Request(`${joined}rest/api/2/myself`);
      expect(aimAtGivenUrl(strategy, plain)).toBe(plain);
      for (const url of [
        `${joined}rest/api/2/myself`,
        `${JIRA_PLACEHOLDER}rest/api/2/myself`,
        given,
        `${joined}rest/https://other.example/x`,
        `https://other.example/${given}`,
      ]) {
        const request = new Request(url);
        expect(await aimAtGivenUrl(strategy, request)).toBe(request);
      }
    }
  });

  it('scrubs only values long enough to be secrets', () => {
    expect(secretsOf({ authorization: 'Bearer pat-0123456789', short: 'Basic' })).toEqual([
      'Bearer pat-0123456789',
    ]);
    const error = { message: 'Basic auth failed', header: 'Basic' };
    scrubSecrets(error, ['Basic']);
    expect(error).toEqual({ message: 'Basic auth failed', header: 'Basic' });
  });

  it('attaches a reason where jiraAuthErrorOf finds it, and hides a request from inspect', () => {
    const reason = new CredentialRejectedError('Jira answered 401');
    const clientError = Object.assign(new Error('Request failed'), {
      request: { secret: 'Bearer pat-0123456789' },
    });
    attachReason(clientError, reason);
    hideProperty(clientError, 'request');
    expect(clientError.cause).toBe(reason);
    expect(Object.keys(clientError)).not.toContain('cause');
    expect(inspect(clientError)).not.toContain('pat-0123456789');
    expect(clientError.request.secret).toBe('Bearer pat-0123456789');
    expect(jiraAuthErrorOf(clientError)).toBe(reason);
    expect(jiraAuthErrorOf(new Error('plain', { cause: new Error('deeper') }))).toBeUndefined();
  });
});
