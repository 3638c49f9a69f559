// What the strategies check of their input and show of themselves, and the adapter kit's smaller rules, directly:
// URLs joined and refused, options refused, the face a strategy shows a logger, redirects and uploads recognised.
import { inspect } from 'node:util';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';
import {
  basicAuth,
  bearerAuth,
  CaptchaRequiredError,
  ConfigurationError,
  CredentialRejectedError,
  type JiraAuthEvent,
} from '../src/index.js';
import {
  authorizeRequest,
  decideOnRecord,
  guardRedirect,
  isAbsoluteUrl,
  isMultipart,
  joinUrl,
  knownBase,
  mayRecover,
  needsDecision,
} from './kit.js';

const site = 'https://your-site.atlassian.net';
const apiToken = 'an-api-token-of-some-length';
const cloudId = '7f7b4d59-3b4a-4a30-9c1e-0f7f8f1c2d3e';

describe('URLs', () => {
  it('joinUrl keeps the base path, drops extra slashes on either side, and leaves an empty path at the base', () => {
    const base = 'https://api.atlassian.com/ex/jira/abc//';
    expect(joinUrl(base, 'rest/api/3/myself').href).toBe(
      'https://api.atlassian.com/ex/jira/abc/rest/api/3/myself',
    );
    expect(joinUrl(base, '//rest/api/3/myself').href).toBe(
      'https://api.atlassian.com/ex/jira/abc/rest/api/3/myself',
    );
    expect(joinUrl(base, '').href).toBe('https://api.atlassian.com/ex/jira/abc');
  });

  it('a path that only mentions a URL in its query stays on the base; a URL of any scheme is absolute', () => {
    expect(joinUrl(site, 'rest/api/3/search?next=https://evil.example/').origin).toBe(site);
    for (const url of ['https://x.example/a', 'http://x.example', 's3://bucket/key', 'svn+ssh://host/repo'])
      expect(isAbsoluteUrl(url), url).toBe(true);
    for (const path of ['rest/api/3/myself', '/rest/api/3/myself', '//host/path', 'a?u=https://x.example'])
      expect(isAbsoluteUrl(path), path).toBe(false);
  });

  it('a base URL is kept without trailing slashes, and refused when it ends in /rest or goes below it', async () => {
    const token = 'a-personal-access-token';
    expect((await bearerAuth({ baseUrl: 'https://jira.example.com/jira//', token }).baseUrl()).href).toBe(
      'https://jira.example.com/jira',
    );
    for (const baseUrl of ['https://jira.example.com/rest', 'https://jira.example.com/jira/rest/api/2'])
      expect(() => bearerAuth({ baseUrl, token }), baseUrl).toThrow(ConfigurationError);
    expect(() => bearerAuth({ baseUrl: 'https://jira.example.com/restless', token })).not.toThrow();
  });

  it('http:// is allowed for every 127.x.y.z address', () => {
    expect(() =>
      bearerAuth({ baseUrl: 'http://127.10.200.30:8080', token: 'a-personal-access-token' }),
    ).not.toThrow();
  });
});

describe('strategy options', () => {
  it('options that are not an object are refused with a ConfigurationError naming them, not a TypeError', () => {
    for (const make of [basicAuth, bearerAuth] as ((options: unknown) => unknown)[])
      for (const options of [undefined, null, 'https://jira.example.com']) {
        const error = (() => {
          try {
            make(options);
          } catch (caught) {
            return caught;
          }
        })();
        expect(ConfigurationError.isInstance(error) && error.field).toBe('options');
      }
  });

  it('an email or username that is not a string is refused with a ConfigurationError', () => {
    const email = 42 as unknown as string;
    expect(() => basicAuth({ site, email, apiToken })).toThrow(ConfigurationError);
    const username = 42 as unknown as string;
    expect(() =>
      basicAuth({ baseUrl: 'https://jira.example.com', username, password: 'a-password' }),
    ).toThrow(ConfigurationError);
  });

  it('an email without @ and a Data Center username with ":" are refused', () => {
    expect(() => basicAuth({ site, email: 'you.example.com', apiToken })).toThrow(ConfigurationError);
    expect(() =>
      basicAuth({ baseUrl: 'https://jira.example.com', username: 'a:b', password: 'a-password' }),
    ).toThrow(ConfigurationError);
  });

  it('a PAT is refused for an atlassian.net site, but not for a host that only has atlassian.net inside its name', () => {
    expect(() =>
      bearerAuth({ baseUrl: 'https://x.atlassian.net', token: 'a-personal-access-token' }),
    ).toThrow(ConfigurationError);
    expect(() =>
      bearerAuth({ baseUrl: 'https://jira.atlassian.net.corp.example', token: 'a-personal-access-token' }),
    ).not.toThrow();
  });

  it('a bad Data Center base URL is refused, naming the option', () => {
    const error = (() => {
      try {
        basicAuth({ baseUrl: 'jira.example.com', username: 'grace', password: 'a-password' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigurationError.isInstance(error) && error.field).toBe('baseUrl');
  });

  it('a scoped token looks its cloudId up once, and reports it to the strategy listener', async () => {
    const emulator = new Emulator();
    await emulator.start();
    try {
      const events: JiraAuthEvent[] = [];
      const strategy = basicAuth({
        site: emulator.urls.site,
        email: DEFAULT_CLOUD_USER.email,
        apiToken: DEFAULT_CLOUD_USER.scopedToken,
        scoped: true,
        endpoints: emulator.endpoints,
        onEvent: (event) => events.push(event),
      });
      expect(knownBase(strategy)).toBeUndefined();
      const request = { url: new URL(`${emulator.urls.gateway}/rest/api/3/myself`), method: 'GET' };
      await authorizeRequest(strategy, request);
      await authorizeRequest(strategy, request);
      expect(knownBase(strategy)?.href).toBe(emulator.urls.gateway);
      expect(events).toEqual([
        {
          type: 'cloud-id-looked-up',
          strategy: 'basic',
          site: emulator.urls.site,
          cloudId: emulator.cloudId,
        },
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('a malformed cloudId is refused when the strategy is made', () => {
    expect(() =>
      basicAuth({ site, email: 'you@example.com', apiToken, scoped: true, cloudId: 'no/such id' }),
    ).toThrow(ConfigurationError);
  });
});

describe('the face a strategy shows', () => {
  // Made in each test, not when the file loads: what a test checks must run while it does.
  const strategies = () =>
    [
      [
        basicAuth({ site, email: 'you@example.com', apiToken }),
        'basicAuth classic token for https://your-site.atlassian.net',
      ],
      [
        basicAuth({ site, email: 'you@example.com', apiToken, scoped: true, cloudId }),
        'basicAuth scoped token via gateway for https://your-site.atlassian.net',
      ],
      [
        basicAuth({
          baseUrl: 'https://jira.example.com/jira',
          username: 'grace',
          password: 'a-password-long',
        }),
        'basicAuth username/password for https://jira.example.com/jira',
      ],
      [
        bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'a-personal-access-token' }),
        'bearerAuth personal access token for https://jira.example.com/jira',
      ],
    ] as const;

  it('String(), JSON and util.inspect show the description and nothing else', () => {
    for (const [strategy, description] of strategies()) {
      const face = `[jira-auth ${description}]`;
      expect(String(strategy)).toBe(face);
      expect(JSON.stringify({ strategy })).toBe(JSON.stringify({ strategy: face }));
      expect(inspect(strategy)).toBe(face);
    }
  });

  it('fixed credentials never recover from a 401 (a copy may), and the face is not enumerable', () => {
    const all = strategies();
    for (const [strategy] of all) {
      expect(mayRecover(strategy)).toBe(false);
      // A copy with its own `unauthorized` may recover: it is watched.
      expect(mayRecover({ ...strategy })).toBe(true);
      expect(Object.keys(strategy)).not.toContain('toJSON');
      expect(Object.keys(strategy)).not.toContain('toString');
      expect(strategy.kind).toBe(strategy === all[3]?.[0] ? 'bearer' : 'basic');
    }
  });

  it('a 401 to fixed credentials fails with CredentialRejectedError, whichever the method', async () => {
    for (const [strategy] of strategies()) {
      const base = await strategy.baseUrl();
      const decision = await decideOnRecord(
        strategy,
        { url: base, method: 'GET' },
        401,
        {},
        undefined,
        false,
      );
      expect(decision.action === 'fail' && CredentialRejectedError.isInstance(decision.error)).toBe(true);
      // Kept off the error's own enumerable data: loggers print errors whole.
      expect(decision.action === 'fail' && Object.keys(decision.error)).not.toContain('response');
      expect(decision.action === 'fail' ? decision.error.response?.status : undefined).toBe(401);
    }
  });
});

describe('adapter kit rules', () => {
  it('only a 401 or a 403 needs a decision', () => {
    expect([401, 403].map(needsDecision)).toEqual([true, true]);
    expect([200, 302, 400, 404, 429, 500].map(needsDecision)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('decideOnRecord passes any other status at once, and reads a 403 from plain record headers', async () => {
    const strategy = basicAuth({ site, email: 'you@example.com', apiToken });
    const request = { url: new URL(`${site}/rest/api/3/myself`), method: 'GET' };
    expect(await decideOnRecord(strategy, request, 500, {}, undefined, false)).toEqual({ action: 'pass' });
    const captcha = await decideOnRecord(
      strategy,
      request,
      403,
      { 'X-Authentication-Denied-Reason': 'CAPTCHA_CHALLENGE' },
      undefined,
      false,
    );
    expect(captcha.action === 'fail' && CaptchaRequiredError.isInstance(captcha.error)).toBe(true);
    // Without a login URL in the header, there is none on the error.
    expect(captcha.action === 'fail' && (captcha.error as CaptchaRequiredError).loginUrl).toBeUndefined();
  });

  it('decideOnRecord makes a 401 on the retry final, even for a strategy that could recover', async () => {
    const strategy = {
      kind: 'access-token' as const,
      baseUrl: async () => new URL(site),
      authenticate: async () => ({ authorization: 'Bearer a-token-of-some-length' }),
      unauthorized: async () => ({ retry: true as const }),
    };
    const request = { url: new URL(`${site}/rest/api/3/myself`), method: 'GET' };
    expect(await decideOnRecord(strategy, request, 401, {}, undefined, false)).toEqual({ action: 'retry' });
    const again = await decideOnRecord(strategy, request, 401, {}, undefined, true);
    expect(again.action === 'fail' && CredentialRejectedError.isInstance(again.error)).toBe(true);
  });

  it('a scope mismatch keeps the answer on its error; a body that cannot be turned to text is no mismatch', async () => {
    const strategy = basicAuth({ site, email: 'you@example.com', apiToken });
    const request = { url: new URL(`${site}/rest/api/3/myself`), method: 'GET' };
    const scoped = await decideOnRecord(
      strategy,
      request,
      401,
      {},
      'Unauthorized; scope does not match',
      false,
    );
    expect(scoped.action === 'fail' ? scoped.error.response?.status : undefined).toBe(401);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const decision = await decideOnRecord(strategy, request, 401, {}, circular, false);
    expect(decision.action === 'fail' && CredentialRejectedError.isInstance(decision.error)).toBe(true);
  });

  it('a redirect to another origin drops Authorization and X-Atlassian-Token in any case, and nothing else', () => {
    const headers: Record<string, unknown> = {
      Authorization: 'Basic abc',
      'X-Atlassian-Token': 'no-check',
      'x-authorization-context': 'kept',
      'authorization-hint': 'kept',
      accept: 'application/json',
    };
    guardRedirect(headers, 'https://elsewhere.example/x', new URL(site));
    expect(headers).toEqual({
      'x-authorization-context': 'kept',
      'authorization-hint': 'kept',
      accept: 'application/json',
    });
    const same: Record<string, unknown> = { authorization: 'Basic abc' };
    guardRedirect(same, `${site}/other`, new URL(site));
    expect(same).toEqual({ authorization: 'Basic abc' });
    for (const target of [undefined, 'not a url']) {
      const kept: Record<string, unknown> = { authorization: 'Basic abc' };
      guardRedirect(kept, target, new URL(site));
      expect(kept, String(target)).toEqual({});
    }
  });

  it('a multipart content type is recognised only at its start', () => {
    expect(isMultipart('x', { 'content-type': 'multipart/form-data; boundary=x' })).toBe(true);
    expect(isMultipart('x', { 'content-type': 'text/plain; note=multipart/form-data' })).toBe(false);
    expect(isMultipart('x', {})).toBe(false);
  });
});
