import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, ConfigurationError, TenantLookupError } from '../src/index.js';

const site = 'https://your-site.atlassian.net';
const email = 'you@example.com';
const apiToken = 'ATATT3xFfGF0-example-token';
const request = { url: new URL(`${site}/rest/api/3/myself`), method: 'GET' };

describe('basicAuth, Cloud', () => {
  it('README example: Basic base64(email:token) to the site', async () => {
    const auth = basicAuth({ site, email, apiToken });
    expect(auth.kind).toBe('basic');
    expect((await auth.baseUrl()).href).toBe(`${site}/`);
    expect(await auth.authenticate(request)).toEqual({
      authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`,
    });
  });

  it('encodes non-ASCII emails and tokens as UTF-8 (btoa alone throws on them)', async () => {
    const auth = basicAuth({ site, email: 'jörg@exämple.com', apiToken: 'tökën-日本' });
    const { authorization } = await auth.authenticate(request);
    expect(authorization).toBe(
      `Basic ${Buffer.from('jörg@exämple.com:tökën-日本', 'utf8').toString('base64')}`,
    );
  });

  it('computes the header once', async () => {
    const auth = basicAuth({ site, email, apiToken });
    expect(await auth.authenticate(request)).toBe(await auth.authenticate(request));
  });

  it('a scoped token with a given cloudId goes to the gateway', async () => {
    const auth = basicAuth({ site, email, apiToken, scoped: true, cloudId: 'abc-123' });
    expect((await auth.baseUrl()).href).toBe('https://api.atlassian.com/ex/jira/abc-123');
  });

  it('a 401 is final and says how to fix it', async () => {
    const decision = await basicAuth({ site, email, apiToken }).unauthorized(request, {
      status: 401,
      headers: new Headers(),
    });
    expect(decision.retry).toBe(false);
    expect(decision.retry === false && decision.error.code).toBe('JIRA_AUTH_CREDENTIAL_REJECTED');
  });
});

describe('basicAuth, scoped token cloudId lookup', () => {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());

  const scoped = () =>
    basicAuth({
      site: emulator.urls.site,
      email: DEFAULT_CLOUD_USER.email,
      apiToken: DEFAULT_CLOUD_USER.scopedToken as string,
      scoped: true,
      endpoints: emulator.endpoints,
    });

  it('reads /_edge/tenant_info once, however many callers ask at once', async () => {
    emulator.reset();
    const auth = scoped();
    const urls = await Promise.all(Array.from({ length: 10 }, () => auth.baseUrl()));
    expect(new Set(urls.map((url) => url.href))).toEqual(new Set([emulator.urls.gateway]));
    expect(emulator.requests({ path: '/_edge/tenant_info' })).toHaveLength(1);
  });

  it('a failed lookup is a typed error, and the next call tries again', async () => {
    emulator.reset();
    emulator.inject({ host: 'site', path: '/_edge/tenant_info', status: 503, body: 'down' });
    const auth = scoped();
    await expect(auth.baseUrl()).rejects.toSatisfy((error) => TenantLookupError.isInstance(error));
    expect((await auth.baseUrl()).href).toBe(emulator.urls.gateway);
    expect(emulator.requests({ path: '/_edge/tenant_info' })).toHaveLength(2);
  });
});

describe('basicAuth, Data Center username and password', () => {
  it('keeps the context path', async () => {
    const auth = basicAuth({
      baseUrl: 'https://jira.example.com/jira/',
      username: 'grace',
      password: 'secret-pw',
    });
    expect((await auth.baseUrl()).href).toBe('https://jira.example.com/jira');
    expect(await auth.authenticate(request)).toEqual({ authorization: `Basic ${btoa('grace:secret-pw')}` });
  });
});

describe('basicAuth rejects bad input when it is made', () => {
  const cases: [string, Parameters<typeof basicAuth>[0], string, RegExp][] = [
    ['empty token', { site, email, apiToken: '' }, 'apiToken', /empty/],
    [
      'white-space token',
      { site, email, apiToken: '   \n' },
      'apiToken',
      /apiToken is empty: pass an API token/,
    ],
    [
      'token with a trailing newline',
      { site, email, apiToken: `${apiToken}\n` },
      'apiToken',
      /white space at an end \(often copied with it\): copy it again/,
    ],
    ['missing token', { site, email } as never, 'apiToken', /missing/],
    ['email without @', { site, email: 'ada', apiToken }, 'email', /email is not an email/],
    ['empty email', { site, email: ' ', apiToken }, 'email', /missing/],
    // On a Cloud site the path is a mistake to drop; on any other host it is likely Data Center's context path.
    [
      'site with a path',
      { site: `${site}/rest/api/3`, email, apiToken },
      'site',
      /\] site must be the site alone, without a path: use e\.g\. https:\/\/your-site\.atlassian\.net$/,
    ],
    [
      'a Data Center URL given as site',
      { site: 'https://jira.example.com/jira/', email, apiToken },
      'site',
      /without a path: use e\.g\. https:\/\/your-site\.atlassian\.net, or for Data Center the base URL https:\/\/jira\.example\.com\/jira\/$/,
    ],
    [
      'a Data Center URL whose host only contains atlassian.net, in capitals',
      { site: 'https://JIRA.Atlassian.NET.example.com/jira', email, apiToken },
      'site',
      /, or for Data Center the base URL https:\/\/jira\.atlassian\.net\.example\.com\/jira$/,
    ],
    ['site with a query', { site: `${site}/?a=1`, email, apiToken }, 'site', /query/],
    ['site over http', { site: 'http://your-site.atlassian.net', email, apiToken }, 'site', /http:\/\//],
    ['site that is not a URL', { site: 'your-site', email, apiToken }, 'site', /not a URL/],
    [
      'site with credentials',
      { site: 'https://ada:pw@your-site.atlassian.net', email, apiToken },
      'site',
      /user or password/,
    ],
    ['cloudId without scoped', { site, email, apiToken, cloudId: 'abc' }, 'cloudId', /scoped: true/],
    [
      'malformed cloudId',
      { site, email, apiToken, scoped: true, cloudId: 'a/b' },
      'cloudId',
      /letters, digits/,
    ],
    [
      'empty password',
      { baseUrl: 'https://jira.example.com', username: 'grace', password: '' },
      'password',
      /empty/,
    ],
    [
      'username with a colon',
      { baseUrl: 'https://jira.example.com', username: 'a:b', password: 'pw-123' },
      'username',
      /":"/,
    ],
  ];
  for (const [name, options, field, message] of cases) {
    it(name, () => {
      let thrown: unknown;
      try {
        basicAuth(options);
      } catch (error) {
        thrown = error;
      }
      expect(ConfigurationError.isInstance(thrown)).toBe(true);
      const error = thrown as ConfigurationError;
      expect(error.field).toBe(field);
      expect(error.code).toBe('JIRA_AUTH_CONFIGURATION');
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(apiToken);
    });
  }

  it('http:// is allowed for loopback (the emulator, a local proxy)', async () => {
    const auth = basicAuth({ site: 'http://127.0.0.1:8080', email, apiToken });
    expect((await auth.baseUrl()).origin).toBe('http://127.0.0.1:8080');
    expect(() => basicAuth({ site: 'http://localhost:8080', email, apiToken })).not.toThrow();
  });
});
