// Property tests on every parser that takes outside input. Each input either works or throws a typed jira-auth
// error; nothing hangs, nothing crashes with a bare TypeError, and no secret (or value that could be one) appears
// in an error. Bodies come from a real HTTP server on loopback that answers whatever the property generated.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibleResources,
  basicAuth,
  bearerAuth,
  isJiraAuthError,
  oauth2,
  parseCallback,
  pickSite,
  toTokenSet,
} from '../src/index.js';

/** A marker that stands for a secret in generated input: it must never come back in an error. */
const SECRET = 'S3CRET-marker-';
const secretish = fc.string({ minLength: 1, maxLength: 24 }).map((tail) => `${SECRET}${tail}`);

function expectTypedWithoutSecret(error: unknown): void {
  expect(isJiraAuthError(error), String(error)).toBe(true);
  const text = `${(error as Error).message} ${JSON.stringify(error)}`;
  expect(text).not.toContain(SECRET);
}

/** Runs `fn`; it may return or throw a typed error without a secret, nothing else. */
async function worksOrTyped(fn: () => unknown): Promise<unknown> {
  try {
    return await fn();
  } catch (error) {
    expectTypedWithoutSecret(error);
    return undefined;
  }
}

// One server answers each request with whatever the current property run put here.
let answer: { status: number; contentType: string; body: string | Buffer } = {
  status: 200,
  contentType: 'application/json',
  body: '{}',
};
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(answer.status, { 'content-type': answer.contentType });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** JSON values shaped like token responses, with every field of every type, present or not. */
const field = fc.oneof(
  secretish,
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const tokenResponse = fc.record(
  {
    access_token: fc.oneof(field, secretish),
    token_type: fc.oneof(field, fc.constantFrom('Bearer', 'bearer', 'BEARER', 'mac')),
    expires_in: fc.oneof(
      field,
      fc.integer({ min: -10, max: 1e10 }),
      fc.constantFrom(3600, 0, -1, 1e300, Number.NaN),
    ),
    refresh_token: fc.oneof(field, secretish, fc.constant('')),
    scope: fc.oneof(field, fc.constant('read:jira-user offline_access')),
  },
  { requiredKeys: [] },
);
/** Bodies a token endpoint, a proxy or a login page might send. */
const body = fc.oneof(
  tokenResponse.map((value) => JSON.stringify(value)),
  fc.json(),
  fc.string(),
  fc.constant(''),
  fc.constant('<!DOCTYPE html><html><body>Sign in</body></html>'),
  fc.constant('null'),
  fc.constant('[]'),
);

describe('token responses', () => {
  it('toTokenSet: any JSON object gives a valid token set or a TokenResponseError naming a field', () => {
    fc.assert(
      fc.property(fc.oneof(tokenResponse, fc.object()), (value) => {
        let tokens: ReturnType<typeof toTokenSet> | undefined;
        try {
          tokens = toTokenSet(value as Record<string, unknown>, 1_000);
        } catch (error) {
          expectTypedWithoutSecret(error);
          expect(error).toMatchObject({ code: 'JIRA_AUTH_TOKEN_RESPONSE' });
          return;
        }
        expect(tokens.accessToken).toMatch(/^[\x21-\x7e]+$/);
        expect(tokens.tokenType.toLowerCase()).toBe('bearer');
        expect(Number.isFinite(tokens.expiresAt) && tokens.expiresAt > 1_000).toBe(true);
        expect(tokens.refreshToken === undefined || tokens.refreshToken.length > 0).toBe(true);
        expect(Array.isArray(tokens.scope)).toBe(true);
        // A token set is usable in a header.
        expect(() => new Headers({ authorization: `Bearer ${tokens?.accessToken}` })).not.toThrow();
      }),
      { numRuns: 2_000 },
    );
  });

  it('a refresh against a token endpoint answering anything: a token or a typed error, in time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 400, 401, 403, 429, 500, 502, 503),
        body,
        async (status, text) => {
          answer = { status, contentType: 'application/json', body: text };
          const strategy = oauth2({
            clientId: 'client',
            clientSecret: `${SECRET}client-secret`,
            account: 'account',
            cloudId: 'cloud',
            endpoints: { auth: origin, api: origin },
            tokens: {
              accessToken: 'old',
              refreshToken: `${SECRET}refresh`,
              expiresAt: 0,
              scope: [],
              tokenType: 'Bearer',
            },
            timeoutMs: 2_000,
          });
          await worksOrTyped(() =>
            strategy.authenticate({ url: new URL(`${origin}/ex/jira/cloud/x`), method: 'GET' }),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('empty and 10 MB bodies', async () => {
    for (const text of [
      '',
      `{"access_token":"${'a'.repeat(10 * 1024 * 1024)}","token_type":"Bearer","expires_in":3600}`,
    ]) {
      answer = { status: 200, contentType: 'application/json', body: text };
      const strategy = oauth2({
        clientId: 'client',
        clientSecret: 'client-secret-value',
        account: 'account',
        cloudId: 'cloud',
        endpoints: { auth: origin, api: origin },
        tokens: {
          accessToken: 'old',
          refreshToken: 'refresh-value',
          expiresAt: 0,
          scope: [],
          tokenType: 'Bearer',
        },
      });
      const result = await worksOrTyped(() =>
        strategy.authenticate({ url: new URL(`${origin}/ex/jira/cloud/x`), method: 'GET' }),
      );
      if (text === '') expect(result).toBeUndefined();
      else expect((result as { authorization: string }).authorization).toHaveLength(7 + 10 * 1024 * 1024);
    }
  });
});

describe('accessible-resources and tenant_info bodies', () => {
  it('accessibleResources + pickSite: a list of sites or a typed error', async () => {
    const resource = fc.record(
      {
        id: fc.oneof(fc.uuid(), field),
        url: fc.oneof(fc.webUrl(), fc.constant('https://your-site.atlassian.net'), field),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 401, 500),
        fc.oneof(
          fc.array(resource, { maxLength: 4 }).map((list) => JSON.stringify(list)),
          body,
        ),
        async (status, text) => {
          answer = { status, contentType: 'application/json', body: text };
          await worksOrTyped(async () =>
            pickSite(
              await accessibleResources({ accessToken: `${SECRET}access`, endpoints: { api: origin } }),
              'https://your-site.atlassian.net',
            ),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the cloudId lookup from tenant_info: a gateway URL or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 404, 500),
        fc.oneof(
          fc
            .record({ cloudId: fc.oneof(fc.uuid(), field) }, { requiredKeys: [] })
            .map((value) => JSON.stringify(value)),
          body,
        ),
        async (status, text) => {
          answer = { status, contentType: 'application/json', body: text };
          const strategy = basicAuth({
            site: origin,
            email: 'a@example.com',
            apiToken: `${SECRET}api-token`,
            scoped: true,
            endpoints: { api: 'https://api.example.com' },
          });
          const base = await worksOrTyped(() => strategy.baseUrl());
          if (base) expect(String(base)).toMatch(/^https:\/\/api\.example\.com\/ex\/jira\/[^/?#]+$/);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('callback URLs', () => {
  it('parseCallback: the code, or a typed error', () => {
    const query = fc.dictionary(
      fc.constantFrom('code', 'state', 'error', 'error_description', 'x'),
      fc.string(),
      {
        maxKeys: 4,
      },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          query.map((params) => `http://localhost:8976/callback?${new URLSearchParams(params)}`),
        ),
        fc.oneof(fc.constant('expected-state'), fc.string()),
        (callback, state) => {
          try {
            const code = parseCallback(callback, state);
            expect(typeof code).toBe('string');
            expect(code.length).toBeGreaterThan(0);
          } catch (error) {
            expect(isJiraAuthError(error), String(error)).toBe(true);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('site and base URLs, and header values', () => {
  const host = fc.oneof(
    fc.domain(),
    fc.constantFrom(
      'localhost',
      '127.0.0.1',
      '[::1]',
      'xn--bcher-kva.example',
      'bücher.example',
      'localhost.evil.test',
    ),
  );
  const url = fc.oneof(
    fc.string(),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc
      .tuple(
        fc.constantFrom('https://', 'http://', 'ftp://', ''),
        fc.constantFrom('', 'user@', 'user:pass@'),
        host,
        fc.constantFrom('', ':443', ':8080', ':0', ':99999'),
        fc.constantFrom('', '/', '//', '/jira', '/jira/', '/rest/api/3', '?q=1', '#x'),
      )
      .map((parts) => parts.join('')),
  );

  it('basicAuth, bearerAuth: a strategy whose headers any fetch accepts, or a ConfigurationError', async () => {
    await fc.assert(
      fc.asyncProperty(url, fc.oneof(secretish, fc.string()), fc.string(), async (address, secret, email) => {
        for (const make of [
          () => basicAuth({ site: address, email, apiToken: secret }),
          () => basicAuth({ baseUrl: address, username: email, password: secret }),
          () => bearerAuth({ baseUrl: address, token: secret }),
        ]) {
          let strategy: ReturnType<typeof bearerAuth>;
          try {
            strategy = make();
          } catch (error) {
            expectTypedWithoutSecret(error);
            expect(error).toMatchObject({ code: 'JIRA_AUTH_CONFIGURATION' });
            continue;
          }
          const base = await strategy.baseUrl();
          expect(['https:', 'http:']).toContain(base.protocol);
          if (base.protocol === 'http:') expect(['localhost', '127.0.0.1', '[::1]']).toContain(base.hostname);
          const headers = await strategy.authenticate({ url: base, method: 'GET' });
          expect(() => new Headers(headers)).not.toThrow();
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
