// The token family and the client's secrets against a hostile or broken token endpoint: redirects are never
// followed, the server's words never carry the client's secrets into an error, a header-bound secret no header can
// carry is refused when the strategy is made, and a renewal's time counts from holding the lock. Real strategies
// against real loopback servers; each case failed before its fix.
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bearerAuth,
  ConfigurationError,
  clientCredentials,
  dataCenterOAuth2,
  exchangeCode,
  memoryStore,
  oauth2,
  TokenResponseError,
  type TokenSet,
} from '../src/index.js';
import { scrub } from '../src/oauth/token-endpoint.js';
import { TokenSource } from '../src/oauth/token-source.js';
import { type Answer, loopback } from './loopback.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());

const app = DEFAULT_OAUTH_CLIENT;
const SECRET = app.clientSecret;

/** Where a redirect points: it must receive nothing, ever. */
const elsewhere = loopback(() => ({
  status: 200,
  body: JSON.stringify({ access_token: 'minted-elsewhere', token_type: 'Bearer', expires_in: 3600 }),
}));
let answer: () => Answer = () => ({ status: 500 });
const endpoint = loopback(() => answer());
beforeEach(() => {
  elsewhere.received.length = 0;
  endpoint.received.length = 0;
});

const expiredTokens = (): TokenSet => ({
  accessToken: 'expired-access-token',
  refreshToken: 'R1-refresh-token-of-the-family',
  expiresAt: 0,
  scope: ['read:jira-user', 'offline_access'],
  tokenType: 'Bearer',
});

/** A refresh of expired tokens, sent to the hostile endpoint. */
const refresh = () =>
  oauth2({
    clientId: app.clientId,
    clientSecret: SECRET,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: { auth: endpoint.origin, api: emulator.endpoints.api },
    tokens: expiredTokens(),
  }).authenticate({ url: new URL(`${emulator.urls.gateway}/rest/api/3/myself`), method: 'GET' });

/** Each kind of token request, sent to the hostile endpoint. */
const tokenRequests: [string, () => Promise<unknown>][] = [
  ['a refresh', () => refresh()],
  [
    'a code exchange',
    () =>
      exchangeCode({
        clientId: app.clientId,
        clientSecret: SECRET,
        code: 'the-authorization-code',
        redirectUri: 'http://127.0.0.1:8123/callback',
        endpoints: { auth: endpoint.origin },
      }),
  ],
  [
    'a client-credentials grant',
    () =>
      clientCredentials({
        clientId: app.clientId,
        clientSecret: SECRET,
        cloudId: emulator.cloudId,
        endpoints: { auth: endpoint.origin, api: emulator.endpoints.api },
      }).authenticate({ url: new URL(`${emulator.urls.gateway}/rest/api/3/myself`), method: 'GET' }),
  ],
  [
    'a Data Center refresh',
    () =>
      dataCenterOAuth2({
        baseUrl: endpoint.origin,
        clientId: app.clientId,
        clientSecret: SECRET,
        redirectUri: 'http://127.0.0.1:8123/callback',
        account: 'someone',
        tokens: expiredTokens(),
      }).authenticate({ url: new URL(`${endpoint.origin}/rest/api/2/myself`), method: 'GET' }),
  ],
];

describe('token requests never follow redirects', () => {
  for (const status of [300, 301, 302, 303, 307, 308]) {
    it.each(tokenRequests)(
      `${status} on %s: a typed error naming the origin, nothing sent there`,
      async (_, send) => {
        answer = () => ({
          status,
          headers: { location: `${elsewhere.origin}/oauth/token?client_secret=${SECRET}&next=1` },
        });
        const error = await send().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(TokenResponseError);
        expect(error).toMatchObject({ field: 'redirect' });
        const message = (error as Error).message;
        expect(message).toContain(`answered ${status} to ${elsewhere.origin}`);
        expect(message).toContain('never follow redirects');
        // Never the query (it may carry anything), never a secret.
        expect(message).not.toContain('next=1');
        expect(message).not.toContain(SECRET);
        expect(elsewhere.received).toEqual([]);
        expect(endpoint.received.length).toBeGreaterThan(0);
      },
    );
  }

  it('a redirect without a Location, or with one no URL parser reads, says so', async () => {
    for (const [location, where] of [
      [undefined, 'nowhere it says (no Location header)'],
      ['http://[::1', 'an unreadable location'],
    ] as const) {
      answer = () => ({ status: 302, ...(location ? { headers: { location } } : {}) });
      const error = await refresh().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ field: 'redirect' });
      expect((error as Error).message).toContain(`answered 302 to ${where}`);
    }
  });
});

describe('scrub: what a server says, as an error may carry it', () => {
  it('replaces each secret, and leaves text alone for secrets that are empty or absent', () => {
    expect(scrub('refresh r-1 for c-2, r-1 again', ['r-1', undefined, '', 'c-2'])).toBe(
      'refresh [REDACTED] for [REDACTED], [REDACTED] again',
    );
    expect(scrub('abc', ['', undefined])).toBe('abc');
  });

  it('turns each run of control characters and line separators into one space', () => {
    expect(scrub('a\r\nb\u2028c\u0000\u007fd', [])).toBe('a b c d');
  });

  it('keeps 300 characters, and marks a cut', () => {
    expect(scrub('x'.repeat(300), [])).toBe('x'.repeat(300));
    expect(scrub('x'.repeat(301), [])).toBe(`${'x'.repeat(300)}…`);
  });
});

describe("the server's words in errors", () => {
  it('an error_description that repeats the refresh token or the client secret is scrubbed', async () => {
    answer = () => ({
      status: 400,
      body: JSON.stringify({
        error: 'invalid_grant',
        error_description: `refresh_token R1-refresh-token-of-the-family is unknown for client_secret=${SECRET}\r\nInjected: line`,
      }),
    });
    const error = await refresh().catch((caught: unknown) => caught);
    const text = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(text).toContain('invalid_grant');
    expect(text).toContain('[REDACTED] is unknown');
    expect(text).not.toContain('R1-refresh-token-of-the-family');
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/[\r\n]/);
  });

  it('the code and the PKCE verifier are scrubbed from a refused exchange, and a long description is cut', async () => {
    answer = () => ({
      status: 400,
      body: JSON.stringify({
        error: 'invalid_grant',
        error_description: `code the-authorization-code was used ${'x'.repeat(2_000)}`,
      }),
    });
    const refusal = await exchangeCode({
      clientId: app.clientId,
      clientSecret: SECRET,
      code: 'the-authorization-code',
      redirectUri: 'http://127.0.0.1:8123/callback',
      endpoints: { auth: endpoint.origin },
    }).catch((caught: unknown) => caught);
    expect((refusal as Error).message).not.toContain('the-authorization-code');
    // The refusal the strategies word their errors from: scrubbed and bounded.
    answer = () => ({
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'y'.repeat(5_000) }),
    });
    const error = await refresh().catch((caught: unknown) => caught);
    expect((error as Error).message.length).toBeLessThan(1_000);
  });
});

describe('header-bound secrets no header can carry are refused when the strategy is made', () => {
  const baseUrl = 'https://jira.example.com';
  for (const [what, token] of [
    ['a euro sign', 'S3CRET€PAT'],
    ['a line separator', 'S3CRET\u2028PAT'],
    ['a typographic quote', 'S3CRET’PAT'],
    ['a C1 control character', 'S3CRET\u0085PAT'],
  ]) {
    it(`a PAT with ${what}`, () => {
      let thrown: unknown;
      try {
        bearerAuth({ baseUrl, token: token as string });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect(thrown).toMatchObject({ field: 'token' });
      expect((thrown as Error).message).toContain('no HTTP header can carry');
      expect((thrown as Error).message).not.toContain('S3CRET');
    });
  }

  it('a PAT of Latin-1 letters is taken, and goes out as the header fetch sends', async () => {
    const strategy = bearerAuth({ baseUrl, token: 'PAT-é-ü' });
    const headers = await strategy.authenticate({
      url: new URL(`${baseUrl}/rest/api/2/myself`),
      method: 'GET',
    });
    expect(() => new Headers(headers)).not.toThrow();
  });
});

describe("a renewal's time counts from holding the lock", () => {
  it('a lock held by another for longer than the renewal timeout does not time the renewal out', async () => {
    const timeoutMs = 200;
    const renewedWith: boolean[] = [];
    const source = new TokenSource({
      key: 'k',
      store: {
        ...memoryStore(),
        // Another holder keeps the lock past the renewal timeout.
        lock: async (_key, fn) => {
          await new Promise((resolve) => setTimeout(resolve, timeoutMs + 100));
          return fn({ contended: true });
        },
      },
      initial: expiredTokens(),
      timeoutMs,
      renew: async (_current, signal) => {
        renewedWith.push(signal.aborted);
        signal.throwIfAborted();
        return { ...expiredTokens(), accessToken: 'renewed', expiresAt: Date.now() + 3_600_000 };
      },
    });
    expect((await source.current()).accessToken).toBe('renewed');
    expect(renewedWith).toEqual([false]);
  });
});
