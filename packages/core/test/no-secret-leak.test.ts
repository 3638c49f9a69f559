import { inspect } from 'node:util';
import {
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
} from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizationError,
  type AuthStrategy,
  basicAuth,
  bearerAuth,
  clientCredentials,
  dataCenterClientCredentials,
  exchangeCode,
  fromEnv,
  oauth2,
  RefreshFailedError,
} from '../src/index.js';

const SECRET = 'ATATT-canary-1b2c3d4e5f';
const url = new URL('https://acme.atlassian.net/rest/api/3/myself');

function views(value: unknown): Record<string, string> {
  const error = value as { message?: unknown; stack?: unknown };
  return {
    string: String(value),
    template: `${value}`,
    json: JSON.stringify(value) ?? '',
    inspect: inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    message: String(error?.message ?? ''),
    stack: String(error?.stack ?? ''),
  };
}

function expectClean(value: unknown, secrets: string[]) {
  for (const [view, text] of Object.entries(views(value))) {
    for (const secret of secrets)
      expect(text.includes(secret), `${view} leaks a secret: ${text.slice(0, 200)}`).toBe(false);
  }
}

describe('no secret in strategies', () => {
  const strategies: [string, () => AuthStrategy, string[]][] = [
    [
      'basicAuth classic',
      () => basicAuth({ site: url.origin, email: 'ada@example.com', apiToken: SECRET }),
      [SECRET, btoa(`ada@example.com:${SECRET}`)],
    ],
    [
      'basicAuth scoped',
      () =>
        basicAuth({
          site: url.origin,
          email: 'ada@example.com',
          apiToken: SECRET,
          scoped: true,
          cloudId: 'c1',
        }),
      [SECRET, btoa(`ada@example.com:${SECRET}`)],
    ],
    [
      'basicAuth Data Center',
      () => basicAuth({ baseUrl: 'https://jira.example.com', username: 'grace', password: SECRET }),
      [SECRET, btoa(`grace:${SECRET}`)],
    ],
    ['bearerAuth', () => bearerAuth({ baseUrl: 'https://jira.example.com', token: SECRET }), [SECRET]],
    [
      'fromEnv',
      () =>
        fromEnv({
          env: { JIRA_BASE_URL: url.origin, JIRA_USER_EMAIL: 'ada@example.com', JIRA_API_TOKEN: SECRET },
        }),
      [SECRET, btoa(`ada@example.com:${SECRET}`)],
    ],
  ];
  for (const [name, make, secrets] of strategies) {
    it(`${name}: inspect, JSON, String, template`, async () => {
      const strategy = make();
      expectClean(strategy, secrets);
      expect(String(strategy)).toMatch(/^\[jira-auth /);
      // The header really does hold the secret: the check above is not vacuous.
      const { authorization } = await strategy.authenticate({ url, method: 'GET' });
      expect(secrets.some((secret) => authorization?.includes(secret))).toBe(true);
    });

    it(`${name}: the 401 reason`, async () => {
      const decision = await make().unauthorized(
        { url, method: 'GET' },
        { status: 401, headers: new Headers() },
      );
      expect(decision.retry).toBe(false);
      expectClean(decision.retry === false ? decision.error : undefined, secrets);
    });
  }
});

describe('no secret in configuration errors', () => {
  const attempts: [string, () => unknown][] = [
    [
      'token with white space',
      () => basicAuth({ site: url.origin, email: 'ada@example.com', apiToken: ` ${SECRET}` }),
    ],
    ['token in the email field', () => basicAuth({ site: url.origin, email: SECRET, apiToken: SECRET })],
    [
      'token in the site URL',
      () => basicAuth({ site: `https://x:${SECRET}@acme.atlassian.net`, email: 'a@b.c', apiToken: SECRET }),
    ],
    [
      'token in the site query',
      () => basicAuth({ site: `${url.origin}/?token=${SECRET}`, email: 'a@b.c', apiToken: SECRET }),
    ],
    ['PAT on a Cloud site', () => bearerAuth({ baseUrl: url.origin, token: SECRET })],
    [
      'fromEnv with a bad base URL',
      () => fromEnv({ env: { JIRA_BASE_URL: `${url.origin}/x`, JIRA_PAT: SECRET } }),
    ],
  ];
  for (const [name, attempt] of attempts) {
    it(name, () => {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expectClean(thrown, [SECRET]);
    });
  }
});

describe('no secret or token in OAuth strategies and their errors', () => {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());
  const app = DEFAULT_OAUTH_CLIENT;
  const redirectUri = app.redirectUris[0] as string;

  // Tokens as a code exchange returns them; the flow itself is tested elsewhere.
  const authorize = () => ({
    tokens: emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']),
    cloudId: emulator.cloudId,
  });

  it('oauth2: the strategy, the refresh failure and the code exchange failure', async () => {
    const { tokens, cloudId } = authorize();
    const secrets = [app.clientSecret, tokens.accessToken, tokens.refreshToken as string];
    const strategy = oauth2({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: 'acc',
      cloudId,
      tokens,
      endpoints: emulator.endpoints,
      now: () => emulator.now(),
    });
    await strategy.authenticate({ url: new URL(emulator.urls.gateway), method: 'GET' });
    expectClean(strategy, secrets);
    emulator.auth.revokeAll(app.clientId);
    emulator.advanceClock(3600);
    const failure = await strategy.authenticate({ url: new URL(emulator.urls.gateway), method: 'GET' }).then(
      () => expect.unreachable(),
      (error: unknown) => error,
    );
    expect(RefreshFailedError.isInstance(failure)).toBe(true);
    expectClean(failure, secrets);
    const exchange = await exchangeCode({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      code: 'not-a-code',
      redirectUri,
      endpoints: emulator.endpoints,
    }).then(
      () => expect.unreachable(),
      (error: unknown) => error,
    );
    expect(AuthorizationError.isInstance(exchange)).toBe(true);
    expectClean(exchange, [app.clientSecret]);
  });

  it('client credentials and Data Center OAuth', async () => {
    const service = clientCredentials({
      clientId: DEFAULT_SERVICE_ACCOUNT.clientId,
      clientSecret: DEFAULT_SERVICE_ACCOUNT.clientSecret,
      cloudId: emulator.cloudId,
      endpoints: emulator.endpoints,
    });
    const { authorization } = await service.authenticate({
      url: new URL(emulator.urls.gateway),
      method: 'GET',
    });
    expectClean(service, [
      DEFAULT_SERVICE_ACCOUNT.clientSecret,
      authorization?.replace('Bearer ', '') as string,
    ]);
    const wrongSecret = clientCredentials({
      clientId: DEFAULT_SERVICE_ACCOUNT.clientId,
      clientSecret: 'wrong-secret-0123456789',
      cloudId: 'c1',
      endpoints: emulator.endpoints,
    });
    const failure = await wrongSecret
      .authenticate({ url: new URL(emulator.urls.gateway), method: 'GET' })
      .catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/check clientId and clientSecret/);
    expectClean(failure, ['wrong-secret-0123456789']);
    const dc = dataCenterClientCredentials({
      baseUrl: emulator.urls.dataCenter,
      clientId: DEFAULT_DC_OAUTH_CLIENT.clientId,
      clientSecret: DEFAULT_DC_OAUTH_CLIENT.clientSecret,
    });
    const dcHeader = await dc.authenticate({ url: new URL(emulator.urls.dataCenter), method: 'GET' });
    expectClean(dc, [
      DEFAULT_DC_OAUTH_CLIENT.clientSecret,
      dcHeader.authorization?.replace('Bearer ', '') as string,
    ]);
  });
});
