// One secret audit: every strategy, every error code, through every adapter. Each failure is produced for real
// against the emulator, then serialised every way a log or an error reporter does (message, stack, String, JSON,
// util.inspect with hidden properties, and the client's own wrapper with its request and response); no secret
// may appear in any of them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { AdapterDriver, DriverClient, DriverRequest } from '@jira-auth/adapter-contract';
import {
  type AuthStrategy,
  basicAuth,
  bearerAuth,
  clientCredentials,
  completeAuthorization,
  dataCenterOAuth2,
  jiraAuthErrorOf,
  memoryStore,
  oauth2,
  type TokenStore,
  tokenKey,
} from '@jira-auth/core';
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
} from '@jira-auth/emulator';
import { fileStore } from '@jira-auth/file-store';
import axios from 'axios';
import got from 'got14';
import ky from 'ky1';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { axiosDriver } from '../src/drivers/axios.js';
import { fetchDriver } from '../src/drivers/fetch.js';
import { gotDriver } from '../src/drivers/got.js';
import { kyDriver } from '../src/drivers/ky.js';
import { openapiFetchDriver } from '../src/drivers/openapi-fetch.js';

/** Base64 of the UTF-8 bytes, as a Basic header carries them. */
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** Every value that must never be printed: the emulator's credentials and those the cases make up. */
const secrets = new Set<string>([
  DEFAULT_CLOUD_USER.classicToken as string,
  DEFAULT_CLOUD_USER.scopedToken as string,
  DEFAULT_DC_USER.password as string,
  DEFAULT_DC_USER.pat as string,
  DEFAULT_OAUTH_CLIENT.clientSecret,
  DEFAULT_SERVICE_ACCOUNT.clientSecret,
  DEFAULT_DC_OAUTH_CLIENT.clientSecret,
  'ATATT-audit-wrong-classic-token-0001',
  'audit-wrong-dc-password-0002',
  'audit-unknown-pat-0003',
  'audit-unknown-refresh-token-0004',
  'audit-stream-pat-0005',
  'audit-dc-access-token-0006',
  'audit-dc-refresh-token-0007',
]);
// Basic credentials travel base64-encoded: the encoded pair is as much a secret as the token.
for (const [user, secret] of [
  [DEFAULT_CLOUD_USER.email, DEFAULT_CLOUD_USER.classicToken],
  [DEFAULT_CLOUD_USER.email, DEFAULT_CLOUD_USER.scopedToken],
  [DEFAULT_CLOUD_USER.email, 'ATATT-audit-wrong-classic-token-0001'],
  [DEFAULT_DC_USER.username, DEFAULT_DC_USER.password],
  [DEFAULT_DC_USER.username, 'audit-wrong-dc-password-0002'],
] as const)
  secrets.add(base64(`${user}:${secret}`));
const remember = (...values: (string | undefined)[]) => {
  for (const value of values) if (value && value.length >= 8) secrets.add(value);
};

/** Every way the error, and what the client hangs on it, reaches a log. */
function views(error: unknown): Record<string, string> {
  const holder = error as {
    message?: string;
    stack?: string;
    request?: unknown;
    response?: unknown;
    config?: unknown;
  };
  let json = '';
  try {
    json = JSON.stringify(error) ?? '';
  } catch {
    // circular: JSON.stringify cannot print it, so it cannot leak through it
  }
  return {
    message: holder?.message ?? '',
    stack: holder?.stack ?? '',
    string: String(error),
    json,
    inspect: inspect(error, { depth: 12 }),
    'inspect, hidden properties': inspect(error, { depth: 12, showHidden: true }),
    'the request it holds': inspect(holder?.request, { depth: 8, showHidden: true }),
    'the response it holds': inspect(holder?.response, { depth: 8, showHidden: true }),
    'the config it holds': inspect(holder?.config, { depth: 8, showHidden: true }),
    'the jira-auth reason': inspect(jiraAuthErrorOf(error), { depth: 8, showHidden: true }),
  };
}

function audit(error: unknown): void {
  expect(error, 'the case must fail').toBeDefined();
  for (const [view, text] of Object.entries(views(error))) {
    for (const secret of secrets) expect(text.includes(secret), `${view} holds a secret`).toBe(false);
  }
}

async function failure(client: DriverClient, request: DriverRequest): Promise<unknown> {
  try {
    const response = await client.send(request);
    return response.error;
  } catch (error) {
    return error;
  }
}

const myself: DriverRequest = { method: 'GET', url: '/rest/api/3/myself' };
const grant = (client = DEFAULT_OAUTH_CLIENT, scopes = ['read:jira-user', 'offline_access']) => {
  const tokens = emulator.auth.grant(client.clientId, scopes);
  remember(tokens.accessToken, tokens.refreshToken);
  return tokens;
};
const oauthStrategy = (options: { tokens?: ReturnType<typeof grant>; store?: TokenStore } = {}) =>
  oauth2({
    clientId: DEFAULT_OAUTH_CLIENT.clientId,
    clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
    ...options,
  });
const expired = () => ({ ...grant(), expiresAt: emulator.now() - 3600_000 });

/** Each error code, produced through a client: the request fails, and the client's error is audited. */
const cases: Record<string, (driver: AdapterDriver) => Promise<unknown>> = {
  JIRA_AUTH_CREDENTIAL_REJECTED: (driver) =>
    failure(
      driver.createClient({
        strategy: basicAuth({
          site: emulator.urls.site,
          email: DEFAULT_CLOUD_USER.email,
          apiToken: 'ATATT-audit-wrong-classic-token-0001',
        }),
      }),
      myself,
    ),
  JIRA_AUTH_SCOPE_MISSING: async (driver) => {
    emulator.inject({
      host: 'api',
      status: 401,
      body: { code: 401, message: 'Unauthorized; scope does not match' },
    });
    return failure(driver.createClient({ strategy: oauthStrategy({ tokens: grant() }) }), {
      method: 'GET',
      url: '/rest/api/3/issue/DEMO-1',
    });
  },
  JIRA_AUTH_CAPTCHA_REQUIRED: async (driver) => {
    emulator.resetFailedLogins(DEFAULT_DC_USER.username);
    const client = driver.createClient({
      strategy: basicAuth({
        baseUrl: emulator.urls.dataCenter,
        username: DEFAULT_DC_USER.username,
        password: 'audit-wrong-dc-password-0002',
      }),
    });
    for (let i = 0; i < emulator.captchaAfter; i++)
      await failure(client, { method: 'GET', url: '/rest/api/2/myself' });
    const error = await failure(client, { method: 'GET', url: '/rest/api/2/myself' });
    emulator.resetFailedLogins(DEFAULT_DC_USER.username);
    return error;
  },
  JIRA_AUTH_REFRESH_FAILED: (driver) =>
    failure(
      driver.createClient({
        strategy: oauthStrategy({
          tokens: { ...expired(), refreshToken: 'audit-unknown-refresh-token-0004' },
        }),
      }),
      myself,
    ),
  JIRA_AUTH_TENANT_LOOKUP_FAILED: async (driver) => {
    emulator.inject({ host: 'site', path: '/_edge/tenant_info', status: 500, body: 'boom' });
    return failure(
      driver.createClient({
        strategy: basicAuth({
          site: emulator.urls.site,
          email: DEFAULT_CLOUD_USER.email,
          apiToken: DEFAULT_CLOUD_USER.scopedToken as string,
          scoped: true,
          endpoints: emulator.endpoints,
        }),
      }),
      myself,
    );
  },
  JIRA_AUTH_TOKEN_STORE: (driver) => {
    const broken: TokenStore = {
      ...memoryStore(),
      get: async () => undefined,
      set: async () => {
        throw new Error('disk full');
      },
    };
    return failure(
      driver.createClient({ strategy: oauthStrategy({ tokens: expired(), store: broken }) }),
      myself,
    );
  },
  JIRA_AUTH_LOCK_TIMEOUT: async (driver) => {
    // Another process holds the file store's refresh lock for this family for longer than this one waits.
    const path = join(mkdtempSync(join(tmpdir(), 'jira-auth-audit-')), 'tokens.json');
    const key = tokenKey('atlassian', DEFAULT_OAUTH_CLIENT.clientId, DEFAULT_CLOUD_USER.accountId);
    let release: () => void = () => undefined;
    let holding: () => void = () => undefined;
    const taken = new Promise<void>((resolve) => (holding = resolve));
    const holder = fileStore(path).lock?.(key, async () => {
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await taken;
    try {
      const store = fileStore(path, { lock: { timeoutMs: 200 } });
      return await failure(
        driver.createClient({ strategy: oauthStrategy({ tokens: expired(), store }) }),
        myself,
      );
    } finally {
      release();
      await holder;
    }
  },
  JIRA_AUTH_TOKEN_RESPONSE: async (driver) => {
    emulator.inject({
      host: 'auth',
      path: '/oauth/token',
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, refresh_token: 'audit-unknown-refresh-token-0004' },
    });
    return failure(driver.createClient({ strategy: oauthStrategy({ tokens: expired() }) }), myself);
  },
};

/** Codes that arise outside any HTTP client: made and audited once. */
const direct: Record<string, () => Promise<unknown>> = {
  async JIRA_AUTH_CONFIGURATION() {
    try {
      basicAuth({
        site: emulator.urls.site,
        email: 'a@example.com',
        apiToken: 'ATATT-audit-wrong-classic-token-0001\n\u0000x',
      });
    } catch (error) {
      return error;
    }
  },
  async JIRA_AUTH_AUTHORIZATION_FAILED() {
    return completeAuthorization({
      callback: 'http://localhost:8976/callback?code=audit-code&state=s',
      state: 's',
      clientId: DEFAULT_OAUTH_CLIENT.clientId,
      clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
      redirectUri: DEFAULT_OAUTH_CLIENT.redirectUri,
      site: emulator.urls.site,
      endpoints: emulator.endpoints,
    }).catch((error: unknown) => error);
  },
  async JIRA_AUTH_BODY_NOT_REPLAYABLE() {
    // A one-shot stream body and a 401 that a retry could fix: ky refuses to replay it.
    const retrying: AuthStrategy = {
      ...bearerAuth({ baseUrl: emulator.urls.dataCenter, token: 'audit-stream-pat-0005' }),
      unauthorized: async () => ({ retry: true }),
    };
    const { jiraAuth } = await import('@jira-auth/ky');
    const client = ky.create({ ...jiraAuth(retrying, { ky: 1 }), retry: 0 });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{}'));
        controller.close();
      },
    });
    return client
      .post('rest/api/2/issue', {
        body,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as never)
      .catch((error: unknown) => error);
  },
};

const strategies: [string, () => AuthStrategy][] = [
  [
    'basicAuth (classic)',
    () =>
      basicAuth({
        site: emulator.urls.site,
        email: DEFAULT_CLOUD_USER.email,
        apiToken: DEFAULT_CLOUD_USER.classicToken as string,
      }),
  ],
  [
    'basicAuth (scoped)',
    () =>
      basicAuth({
        site: emulator.urls.site,
        email: DEFAULT_CLOUD_USER.email,
        apiToken: DEFAULT_CLOUD_USER.scopedToken as string,
        scoped: true,
        endpoints: emulator.endpoints,
      }),
  ],
  [
    'basicAuth (Data Center)',
    () =>
      basicAuth({
        baseUrl: emulator.urls.dataCenter,
        username: DEFAULT_DC_USER.username,
        password: DEFAULT_DC_USER.password as string,
      }),
  ],
  [
    'bearerAuth',
    () => bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string }),
  ],
  ['oauth2', () => oauthStrategy({ tokens: grant() })],
  [
    'clientCredentials',
    () =>
      clientCredentials({
        clientId: DEFAULT_SERVICE_ACCOUNT.clientId,
        clientSecret: DEFAULT_SERVICE_ACCOUNT.clientSecret,
        site: emulator.urls.site,
        endpoints: emulator.endpoints,
      }),
  ],
  [
    'dataCenterOAuth2',
    () =>
      dataCenterOAuth2({
        baseUrl: emulator.urls.dataCenter,
        clientId: DEFAULT_DC_OAUTH_CLIENT.clientId,
        clientSecret: DEFAULT_DC_OAUTH_CLIENT.clientSecret,
        redirectUri: DEFAULT_DC_OAUTH_CLIENT.redirectUri,
        account: DEFAULT_DC_USER.username,
        // Tokens as a Data Center provider issues them; this case only needs the strategy to hold some.
        tokens: {
          accessToken: 'audit-dc-access-token-0006',
          refreshToken: 'audit-dc-refresh-token-0007',
          expiresAt: emulator.now() + 3600_000,
          scope: ['READ'],
          tokenType: 'Bearer',
        },
      }),
  ],
];

const drivers = [
  axiosDriver(axios),
  gotDriver(got, '14.6.6'),
  kyDriver(ky, '1.14.3'),
  openapiFetchDriver('0.17.0'),
  fetchDriver(),
];
const seen = new Set<string>();

describe('secret audit', () => {
  for (const driver of drivers) {
    describe(driver.name, () => {
      for (const [code, produce] of Object.entries(cases)) {
        it(code, async () => {
          const error = await produce(driver);
          const reason = jiraAuthErrorOf(error);
          expect(reason?.code ?? (error as { code?: string })?.code).toBe(code);
          seen.add(code);
          audit(error);
        });
      }
      it('every strategy: a 401 through the client', async () => {
        for (const [name, make] of strategies) {
          const strategy = make();
          emulator.reset();
          // Every answer a 401, the retry's too: strategies that can renew (OAuth) renew once, then give up.
          emulator.inject({ path: /\/myself$/, status: 401, body: { errorMessages: ['audit'] }, times: 3 });
          const error = await failure(driver.createClient({ strategy }), myself);
          expect(error, name).toBeDefined();
          audit(error);
          // The strategy itself prints as its description only.
          for (const view of [
            String(strategy),
            JSON.stringify(strategy),
            inspect(strategy, { showHidden: true, depth: 8 }),
          ])
            for (const secret of secrets) expect(view.includes(secret), name).toBe(false);
        }
      });
    });
  }

  for (const [code, produce] of Object.entries(direct)) {
    it(code, async () => {
      const error = await produce();
      expect(jiraAuthErrorOf(error)?.code).toBe(code);
      seen.add(code);
      audit(error);
    });
  }

  it('covers every error code', () => {
    expect([...seen].sort()).toEqual([
      'JIRA_AUTH_AUTHORIZATION_FAILED',
      'JIRA_AUTH_BODY_NOT_REPLAYABLE',
      'JIRA_AUTH_CAPTCHA_REQUIRED',
      'JIRA_AUTH_CONFIGURATION',
      'JIRA_AUTH_CREDENTIAL_REJECTED',
      'JIRA_AUTH_LOCK_TIMEOUT',
      'JIRA_AUTH_REFRESH_FAILED',
      'JIRA_AUTH_SCOPE_MISSING',
      'JIRA_AUTH_TENANT_LOOKUP_FAILED',
      'JIRA_AUTH_TOKEN_RESPONSE',
      'JIRA_AUTH_TOKEN_STORE',
    ]);
  });
});
