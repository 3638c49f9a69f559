// The adapter kit's decisions and checks, directly, as an adapter author (or the application behind one) sees them:
// which answers fail with which reason, what a retry sends, which bodies count as uploads, which URLs and secrets
// are refused or scrubbed.
import { describe, expect, it } from 'vitest';
import {
  accessTokenAuth,
  BasicAuthDisabledError,
  BodyNotReplayableError,
  basicAuth,
  bearerAuth,
  CaptchaRequiredError,
  ConfigurationError,
  CredentialRejectedError,
  ScopeMissingError,
} from '../src/index.js';
import {
  authorizeRequest,
  copyForReplay,
  decideOnResponse,
  scrubSecrets,
  settleFetchResponse,
} from './kit.js';
import { loopback } from './loopback.js';

/** A loopback server that answers 401 to the first request it sees and 200 to every other. */
const server = loopback((_received, log) => ({ status: log.length === 1 ? 401 : 200 }));
const seen = server.received;
/** A Data Center with Basic authentication disabled: 403 with its message, to every request. */
const basicDisabled = loopback(() => ({
  status: 403,
  body: JSON.stringify({ message: 'Basic Authentication has been disabled on this instance.' }),
}));

const site = 'https://your-site.atlassian.net';
const apiToken = 'an-api-token-of-some-length';
const basic = () => basicAuth({ site, email: 'you@example.com', apiToken });
/**
 * A strategy that can recover from a 401: each token asked for is the next one. Its clock starts a minute on from
 * the first token when `later()` is called, past the window in which a 401 on a fresh token is final.
 */
function renewing(baseUrl = site) {
  let count = 0;
  let now = 1_000_000;
  const auth = accessTokenAuth({
    baseUrl,
    now: () => now,
    getToken: () => ({ accessToken: `token-${++count}-with-some-length` }),
  });
  return Object.assign(auth, { later: () => (now += 60_000) });
}
const request = { url: new URL(`${site}/rest/api/3/myself`), method: 'GET', headers: new Headers() };

describe('decideOnResponse', () => {
  it('a 403 whose denied reason is a CAPTCHA fails with CaptchaRequiredError and its login URL', async () => {
    const headers = new Headers({
      'x-authentication-denied-reason': 'CAPTCHA_CHALLENGE; login-url=https://jira.example.com/login.jsp',
    });
    const decision = await decideOnResponse(basic(), request, { status: 403, headers }, { retried: false });
    expect(decision.action).toBe('fail');
    const error = decision.action === 'fail' ? decision.error : undefined;
    expect(CaptchaRequiredError.isInstance(error)).toBe(true);
    expect((error as CaptchaRequiredError).loginUrl).toBe('https://jira.example.com/login.jsp');
  });

  it('a 403 saying Basic authentication is disabled (Data Center) fails with BasicAuthDisabledError and the way out', async () => {
    const body = { message: 'Basic Authentication has been disabled on this instance.' };
    for (const given of [body, JSON.stringify(body), new TextEncoder().encode(JSON.stringify(body))]) {
      const decision = await decideOnResponse(
        basic(),
        request,
        { status: 403, headers: new Headers(), body: given },
        { retried: false },
      );
      const error = decision.action === 'fail' ? decision.error : undefined;
      expect(BasicAuthDisabledError.isInstance(error)).toBe(true);
      expect(error?.message).toMatch(
        /use a personal access token \(bearerAuth\), or ask an admin to allowlist/,
      );
    }
    // A permission 403 with another message passes.
    const other = {
      status: 403,
      headers: new Headers(),
      body: { errorMessages: ['You do not have permission'] },
    };
    expect(await decideOnResponse(basic(), request, other, { retried: false })).toEqual({ action: 'pass' });
  });

  it('any other 403 passes, with another denied reason or none', async () => {
    for (const headers of [
      new Headers({ 'x-authentication-denied-reason': 'AUTHENTICATED_FAILED' }),
      new Headers(),
    ])
      expect(await decideOnResponse(basic(), request, { status: 403, headers }, { retried: false })).toEqual({
        action: 'pass',
      });
  });

  it('answers other than 401 and 403 pass without asking the strategy', async () => {
    for (const status of [200, 204, 400, 404, 429, 500])
      expect(
        await decideOnResponse(basic(), request, { status, headers: new Headers() }, { retried: false }),
      ).toEqual({ action: 'pass' });
  });

  it('a scope mismatch is recognised in a body that arrives as text, bytes or parsed JSON', async () => {
    const text = '{"code":401,"message":"Unauthorized; scope does not match"}';
    for (const body of [text, new TextEncoder().encode(text), JSON.parse(text)]) {
      const decision = await decideOnResponse(
        renewing(),
        request,
        { status: 401, headers: new Headers(), body },
        { retried: false },
      );
      expect(decision.action === 'fail' && ScopeMissingError.isInstance(decision.error)).toBe(true);
    }
  });

  it('a second 401 after the retry is final: CredentialRejectedError with the answer, or its scope reason', async () => {
    const again = await decideOnResponse(
      renewing(),
      request,
      { status: 401, headers: new Headers({ 'www-authenticate': 'Bearer' }) },
      { retried: true },
    );
    expect(again.action).toBe('fail');
    const error = again.action === 'fail' ? again.error : undefined;
    expect(CredentialRejectedError.isInstance(error)).toBe(true);
    expect(error?.response?.status).toBe(401);
    const scoped = await decideOnResponse(
      renewing(),
      request,
      { status: 401, headers: new Headers(), body: 'Unauthorized; scope does not match' },
      { retried: true },
    );
    expect(scoped.action === 'fail' && ScopeMissingError.isInstance(scoped.error)).toBe(true);
  });

  it('a first 401 retries when the strategy can recover, and fails with its reason when it cannot', async () => {
    expect(
      await decideOnResponse(
        renewing(),
        request,
        { status: 401, headers: new Headers() },
        { retried: false },
      ),
    ).toEqual({ action: 'retry' });
    const fixed = await decideOnResponse(
      basic(),
      request,
      { status: 401, headers: new Headers() },
      { retried: false },
    );
    expect(fixed.action === 'fail' && CredentialRejectedError.isInstance(fixed.error)).toBe(true);
    expect(fixed.action === 'fail' ? fixed.error.response?.status : undefined).toBe(401);
  });
});

describe('authorizeRequest', () => {
  it('an upload built with the form-data package (a stream with getBoundary) gets X-Atlassian-Token', async () => {
    const formDataStream = { getBoundary: () => '----boundary', pipe: () => undefined };
    const { headers } = await authorizeRequest(basic(), { ...request, method: 'POST', body: formDataStream });
    expect(headers['x-atlassian-token']).toBe('no-check');
  });

  it('a FormData body and a multipart content type get it too; JSON, text and null bodies do not, and do not throw', async () => {
    const upload = async (body: unknown, headers: Record<string, string> = {}) =>
      (
        await authorizeRequest(basic(), {
          url: request.url,
          method: 'POST',
          headers: new Headers(headers),
          body,
        })
      ).headers['x-atlassian-token'];
    expect(await upload(new FormData())).toBe('no-check');
    expect(await upload('--x', { 'content-type': 'multipart/form-data; boundary=x' })).toBe('no-check');
    for (const body of [null, undefined, '{"a":1}', { fields: {} }])
      expect(await upload(body)).toBeUndefined();
  });

  it('a request to another origin gets no credentials, a request to the strategy origin gets them', async () => {
    const foreign = await authorizeRequest(basic(), { ...request, url: new URL('https://evil.example/x') });
    expect(foreign).toMatchObject({ authenticated: false, headers: {}, secrets: [] });
    const own = await authorizeRequest(basic(), request);
    expect(own.authenticated).toBe(true);
    expect(own.headers.authorization).toMatch(/^Basic /);
    expect(own.secrets).toEqual([own.headers.authorization]);
  });
});

describe('settleFetchResponse', () => {
  it("reads a 403's body: Data Center's Basic-disabled answer fails with its typed reason, and the body stays readable", async () => {
    const auth = basicAuth({
      baseUrl: basicDisabled.origin,
      username: 'grace',
      password: 'a-password-of-length',
    });
    const url = new URL(`${basicDisabled.origin}/rest/api/2/myself`);
    const state = await authorizeRequest(auth, { url, method: 'GET' });
    const sent = new Request(url, { headers: state.headers });
    const settled = await settleFetchResponse(auth, await copyForReplay(sent), await fetch(sent));
    expect(BasicAuthDisabledError.isInstance(settled.reason)).toBe(true);
    expect(await settled.response.json()).toEqual({
      message: 'Basic Authentication has been disabled on this instance.',
    });
  });

  it('retries once with fresh headers and the body copy when the strategy can recover', async () => {
    seen.length = 0;
    const auth = renewing(server.origin);
    const first = await authorizeRequest(auth, { url: new URL(`${server.origin}/x`), method: 'POST' });
    auth.later();
    const sent = new Request(`${server.origin}/x`, {
      method: 'POST',
      headers: first.headers,
      body: 'payload',
    });
    const copy = await copyForReplay(sent, 'payload');
    const settled = await settleFetchResponse(auth, copy, await fetch(sent));
    expect(settled.retried).toBe(true);
    expect(settled.response.status).toBe(200);
    expect(seen.map((entry) => entry.body)).toEqual(['payload', 'payload']);
    expect(seen[1]?.headers.authorization).not.toBe(seen[0]?.headers.authorization);
    expect(settled.secrets).toEqual([seen[1]?.headers.authorization]);
  });

  it('never replays a one-shot stream body: the 401 fails with BodyNotReplayableError and nothing is sent again', async () => {
    seen.length = 0;
    const auth = renewing(server.origin);
    const first = await authorizeRequest(auth, { url: new URL(`${server.origin}/x`), method: 'POST' });
    auth.later();
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('once'));
        controller.close();
      },
    });
    const sent = new Request(`${server.origin}/x`, {
      method: 'POST',
      headers: first.headers,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const copy = await copyForReplay(sent, stream);
    let fetched = 0;
    const settled = await settleFetchResponse(auth, copy, await fetch(sent), (input, init) => {
      fetched++;
      return fetch(input, init);
    });
    expect(settled.retried).toBe(false);
    expect(BodyNotReplayableError.isInstance(settled.reason)).toBe(true);
    expect(fetched).toBe(0);
    expect(settled.secrets).toEqual([]);
    expect(seen).toHaveLength(1);
  });
});

describe('URLs and secrets', () => {
  it('http:// is refused for hosts that merely start or end like loopback, and allowed for loopback itself', () => {
    for (const url of [
      'http://localhost.evil.test',
      'http://evil-localhost',
      'http://127.0.0.1.evil.test',
      'http://x127.0.0.1',
      'http://example.com',
    ])
      expect(() => bearerAuth({ baseUrl: url, token: 'a-personal-access-token' }), url).toThrow(
        ConfigurationError,
      );
    for (const url of ['http://localhost:8080/jira', 'http://127.0.0.1:2990/jira', 'http://[::1]:8080'])
      expect(() => bearerAuth({ baseUrl: url, token: 'a-personal-access-token' }), url).not.toThrow();
  });

  it('a site URL with only a username, or only a password, is refused; an empty Data Center username too', () => {
    for (const url of ['https://ada@your-site.atlassian.net', 'https://:secret@your-site.atlassian.net'])
      expect(() => basicAuth({ site: url, email: 'you@example.com', apiToken }), url).toThrow(
        /user or password/,
      );
    for (const username of ['', '   '])
      expect(() =>
        basicAuth({ baseUrl: 'https://jira.example.com', username, password: 'a-password' }),
      ).toThrow(ConfigurationError);
  });

  it('an error that holds only one of several secrets is still scrubbed', () => {
    const error = {
      message: 'failed',
      config: { headers: { authorization: 'Bearer the-second-secret-value' } },
    };
    scrubSecrets(error, ['Bearer the-first-secret-value', 'Bearer the-second-secret-value']);
    expect(JSON.stringify(error)).not.toContain('the-second-secret-value');
    expect(error.config.headers.authorization).toBe('[REDACTED]');
  });
});
