// The fetch replay and the scrubbing helpers of the adapter kit, directly, as an adapter author meets them: which
// bodies can be sent twice, what the one retry sends and decides, and what is hidden or blanked in a client's error.
import { describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  basicAuth,
  CaptchaRequiredError,
  CredentialRejectedError,
  ScopeMissingError,
} from '../src/index.js';
import {
  attachReason,
  copyForReplay,
  failureReason,
  hideProperty,
  isReplayableBody,
  keepForReplay,
  REDACTED,
  redactHeaderRecord,
  redactRequest,
  reusableBody,
  scrubSecrets,
  secretsOf,
  settleFetchResponse,
} from './kit.js';
import { type Answer, loopback } from './loopback.js';

/** A loopback server that answers each request with the next scripted answer. */
let script: Answer[] = [];
const server = loopback(() => script.shift() ?? { status: 200 });
const seen = server.received;

/** A third-party strategy that always asks for the retry, with a new header each time. */
function alwaysRetrying(): AuthStrategy {
  let count = 0;
  return {
    kind: 'access-token',
    baseUrl: async () => new URL(server.origin),
    authenticate: async () => ({ authorization: `Bearer token-number-${++count}` }),
    unauthorized: async () => ({ retry: true }),
  };
}

/** Sends a POST to the script's first answer, then settles it as a fetch-based adapter does. */
async function send(strategy: AuthStrategy, init: RequestInit & { duplex?: 'half' } = {}, appBody?: unknown) {
  seen.length = 0;
  const request = new Request(`${server.origin}/x`, {
    method: 'POST',
    headers: await strategy.authenticate({ url: new URL(`${server.origin}/x`), method: 'POST' }),
    body: 'payload',
    ...init,
  } as RequestInit);
  const copy = await copyForReplay(request, appBody ?? 'payload');
  return settleFetchResponse(strategy, copy, await fetch(request));
}

describe('settleFetchResponse', () => {
  it('an answer that needs no decision is handed on untouched, and so is a 403 without a reason', async () => {
    for (const status of [200, 403]) {
      script = [{ status }];
      const settled = await send(alwaysRetrying());
      expect(settled).toEqual({ response: settled.response, retried: false, reason: undefined, secrets: [] });
      expect(settled.response.status).toBe(status);
      expect(seen).toHaveLength(1);
    }
  });

  it('a 401 the strategy cannot fix fails with its reason, with nothing sent again', async () => {
    script = [{ status: 401 }];
    const strategy = basicAuth({ baseUrl: server.origin, username: 'grace', password: 'a-password-long' });
    const settled = await send(strategy);
    expect(settled.retried).toBe(false);
    expect(CredentialRejectedError.isInstance(settled.reason)).toBe(true);
    expect(settled.secrets).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('a second 401 after the retry is final: the reason is set, and the strategy is not asked again', async () => {
    script = [{ status: 401 }, { status: 401 }];
    const settled = await send(alwaysRetrying());
    expect(settled.retried).toBe(true);
    expect(CredentialRejectedError.isInstance(settled.reason)).toBe(true);
    expect(seen.map((entry) => entry.headers.authorization)).toEqual([
      'Bearer token-number-1',
      'Bearer token-number-2',
    ]);
    expect(settled.secrets).toEqual(['Bearer token-number-2']);
  });

  it('a scope mismatch is read from the body of a 401, and only of a 401', async () => {
    script = [{ status: 401, body: '{"code":401,"message":"Unauthorized; scope does not match"}' }];
    const settled = await send(alwaysRetrying());
    expect(ScopeMissingError.isInstance(settled.reason)).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('the retry keeps the request redirect mode and signal', async () => {
    script = [{ status: 401 }, { status: 302, headers: { location: '/elsewhere' } }];
    const manual = await send(alwaysRetrying(), { redirect: 'manual' });
    expect(manual.response.status).toBe(302);
    expect(seen.map((entry) => entry.path)).toEqual(['/x', '/x']);

    script = [{ status: 401 }];
    const controller = new AbortController();
    seen.length = 0;
    const strategy = alwaysRetrying();
    const request = new Request(`${server.origin}/x`, { method: 'GET', signal: controller.signal });
    const copy = await copyForReplay(request);
    const first = await fetch(request);
    controller.abort();
    await expect(settleFetchResponse(strategy, copy, first)).rejects.toThrow(/abort/i);
  });
});

describe('keepForReplay', () => {
  it('keeps a request without a body at once, and the retry sends it again with its method, redirect mode and URL', async () => {
    const request = new Request(`${server.origin}/x?page=2`, { method: 'DELETE', redirect: 'manual' });
    const url = new URL(request.url);
    const copy = keepForReplay(request, undefined, url);
    if (copy instanceof Promise) throw new Error('a request without a body is kept at once');
    expect(copy).toMatchObject({ method: 'DELETE', body: undefined, replayable: true, redirect: 'manual' });
    expect(copy.url).toBe(url);
    expect(((await keepForReplay(request)) as { url: URL }).url.href).toBe(`${server.origin}/x?page=2`);

    script = [{ status: 401 }, { status: 302, headers: { location: '/elsewhere' } }];
    seen.length = 0;
    const settled = await settleFetchResponse(alwaysRetrying(), copy, await fetch(request));
    expect(settled.retried).toBe(true);
    expect(settled.response.status).toBe(302);
    expect(seen.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      'DELETE /x?page=2',
      'DELETE /x?page=2',
    ]);
  });

  it('copies a request with a body, or one whose application body is known, as copyForReplay does', async () => {
    const withBody = keepForReplay(new Request(server.origin, { method: 'POST', body: 'payload' }));
    expect(withBody).toBeInstanceOf(Promise);
    expect(new TextDecoder().decode((await withBody).body as ArrayBuffer)).toBe('payload');
    const known = keepForReplay(new Request(server.origin), '');
    expect(known).toBeInstanceOf(Promise);
    expect(await known).toMatchObject({ body: undefined, replayable: true });
  });
});

describe('failureReason', () => {
  const strategy = () =>
    basicAuth({ baseUrl: 'http://127.0.0.1:1/jira', username: 'grace', password: 'a-password' });
  const request = {
    url: new URL('http://127.0.0.1:1/jira/rest/api/2/myself'),
    method: 'GET',
    headers: new Headers(),
  };

  it('says why a failure failed: nothing for a success, the strategy reason for a 401, a CAPTCHA for its 403', async () => {
    expect(await failureReason(strategy(), request, new Response('{}', { status: 200 }))).toBeUndefined();
    const rejected = await failureReason(strategy(), request, new Response('{}', { status: 401 }));
    // The strategy's own reason for a first 401 (here: the password), not the one for a 401 after a retry.
    expect(CredentialRejectedError.isInstance(rejected) && rejected.message).toMatch(/username or password/);
    const captcha = new Response('', {
      status: 403,
      headers: { 'x-authentication-denied-reason': 'CAPTCHA_CHALLENGE' },
    });
    expect(CaptchaRequiredError.isInstance(await failureReason(strategy(), request, captcha))).toBe(true);
  });

  it('takes a body the client has read already (its text) instead of the consumed response', async () => {
    const response = new Response('Unauthorized; scope does not match', { status: 401 });
    const text = await response.text();
    expect(ScopeMissingError.isInstance(await failureReason(strategy(), request, response, text))).toBe(true);
  });
});

describe('bodies', () => {
  it('streams cannot be sent twice; strings, bytes, Blob, FormData, URLSearchParams, objects and null can', async () => {
    const { Readable } = await import('node:stream');
    const iterable = { async *[Symbol.asyncIterator]() {} };
    const formDataStream = { pipe: () => undefined, getBoundary: () => 'x' };
    for (const body of [Readable.from(['a']), new ReadableStream(), iterable, formDataStream])
      expect(isReplayableBody(body)).toBe(false);
    for (const body of [
      'a',
      new Uint8Array(1),
      new Blob(['a']),
      new FormData(),
      new URLSearchParams(),
      {},
      null,
    ])
      expect(isReplayableBody(body)).toBe(true);
  });

  it('strings, bytes and URLSearchParams are sent again as given; FormData and Blob are copied', () => {
    const bytes = new Uint8Array([1, 2]);
    const params = new URLSearchParams('a=1');
    expect(reusableBody('a')).toBe('a');
    expect(reusableBody(bytes)).toBe(bytes);
    expect(reusableBody(bytes.buffer)).toBe(bytes.buffer);
    expect(reusableBody(params)).toBe(params);
    expect(reusableBody(new FormData())).toBeUndefined();
    expect(reusableBody(new Blob(['a']))).toBeUndefined();
  });
});

describe('scrubbing', () => {
  it('a header value of 8 characters or more is a secret to scrub; a shorter one is not', () => {
    expect(secretsOf({ a: '12345678', b: '1234567' })).toEqual(['12345678']);
    const error = { long: 'x 12345678 y', short: 'x 1234567 y' };
    scrubSecrets(error, ['12345678', '1234567']);
    expect(error).toEqual({ long: `x ${REDACTED} y`, short: 'x 1234567 y' });
  });

  it('scrubs to the depth asked for, and not below it', () => {
    const secret = 'Bearer a-long-secret';
    const root = { one: { value: secret, two: { value: secret } }, top: secret };
    scrubSecrets(root, [secret], 1);
    expect(root.top).toBe(REDACTED);
    expect(root.one.value).toBe(REDACTED);
    expect(root.one.two.value).toBe(secret);
    scrubSecrets(root, [secret]);
    expect(root.one.two.value).toBe(REDACTED);
  });

  it('leaves getters uncalled, and scrubs nothing when no secret is long enough', () => {
    const holder = {
      get trap(): string {
        throw new Error('a getter was called');
      },
      value: 'short',
    };
    expect(() => scrubSecrets(holder, ['Bearer a-long-secret'])).not.toThrow();
    const untouched = { value: 'abc' };
    scrubSecrets(untouched, ['abc']);
    expect(untouched.value).toBe('abc');
  });

  it('redactHeaderRecord blanks Authorization, Proxy-Authorization and Cookie in any case, and nothing else', () => {
    const headers: Record<string, unknown> = {
      Authorization: 'Basic abc',
      'proxy-authorization': 'Basic def',
      COOKIE: 'session=1',
      'x-authorization-context': 'kept',
      'cookie-policy': 'kept',
    };
    redactHeaderRecord(headers);
    expect(headers).toEqual({
      Authorization: REDACTED,
      'proxy-authorization': REDACTED,
      COOKIE: REDACTED,
      'x-authorization-context': 'kept',
      'cookie-policy': 'kept',
    });
    expect(() => redactHeaderRecord(undefined)).not.toThrow();
  });

  it('redactRequest blanks the named headers a Request holds, adds none, and takes no request', () => {
    const request = new Request('https://x.example', {
      headers: { authorization: 'Basic abc', accept: 'a' },
    });
    redactRequest(request, ['authorization', 'cookie']);
    expect([...request.headers]).toEqual([
      ['accept', 'a'],
      ['authorization', REDACTED],
    ]);
    expect(() => redactRequest(undefined, ['authorization'])).not.toThrow();
  });

  it('hideProperty and attachReason keep a value reachable and writable but out of enumeration', () => {
    const error: Record<string, unknown> = { request: { headers: 'secret' }, message: 'm' };
    hideProperty(error, 'request');
    expect(Object.keys(error)).toEqual(['message']);
    expect(error.request).toEqual({ headers: 'secret' });
    error.request = 'replaced';
    expect(error.request).toBe('replaced');
    expect(delete error.request).toBe(true);
    hideProperty(error, 'absent');
    expect(Object.hasOwn(error, 'absent')).toBe(false);
    expect(() => hideProperty(undefined, 'request')).not.toThrow();

    const reason = new Error('why');
    attachReason(error, reason);
    expect(error.cause).toBe(reason);
    expect(Object.keys(error)).toEqual(['message']);
    error.cause = 'replaced';
    expect(error.cause).toBe('replaced');
    expect(delete error.cause).toBe(true);
  });
});
