// fromEnv for OAuth: 3LO from a refresh token or a store, a service account, and settings that describe two methods.
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
} from '@jira-auth/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorizationFor, ConfigurationError, fromEnv, memoryStore, tokenKey } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

/** What Jira says of whoever the strategy's headers authenticate. */
async function whoAmI(auth: ReturnType<typeof fromEnv>) {
  const headers = await authorizationFor(auth, { url: '/rest/api/3/myself' });
  const response = await fetch(`${emulator.urls.gateway}/rest/api/3/myself`, { headers });
  return { status: response.status, body: (await response.json()) as { accountId?: string } };
}

describe('fromEnv with OAuth', () => {
  it('3LO from a refresh token: renewed on the first request, the rotated pair kept in the store', async () => {
    const refreshToken = emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, [
      'read:jira-user',
      'offline_access',
    ]).refreshToken as string;
    const store = memoryStore();
    const auth = fromEnv({
      env: {
        JIRA_CLIENT_ID: DEFAULT_OAUTH_CLIENT.clientId,
        JIRA_CLIENT_SECRET: DEFAULT_OAUTH_CLIENT.clientSecret,
        JIRA_ACCOUNT_ID: DEFAULT_CLOUD_USER.accountId,
        JIRA_REFRESH_TOKEN: refreshToken,
        JIRA_CLOUD_ID: emulator.cloudId,
      },
      endpoints: emulator.endpoints,
      store,
    });
    expect(auth.kind).toBe('oauth2');
    expect(await whoAmI(auth)).toMatchObject({
      status: 200,
      body: { accountId: DEFAULT_CLOUD_USER.accountId },
    });
    const stored = await store.get(
      tokenKey('atlassian', DEFAULT_OAUTH_CLIENT.clientId, DEFAULT_CLOUD_USER.accountId),
    );
    expect(stored?.refreshToken).toBeDefined();
    expect(stored?.refreshToken).not.toBe(refreshToken);
  });

  it('a service account from its client id and secret alone', async () => {
    const auth = fromEnv({
      env: {
        JIRA_CLIENT_ID: DEFAULT_SERVICE_ACCOUNT.clientId,
        JIRA_CLIENT_SECRET: DEFAULT_SERVICE_ACCOUNT.clientSecret,
        JIRA_CLOUD_ID: emulator.cloudId,
      },
      endpoints: emulator.endpoints,
    });
    expect(auth.kind).toBe('client-credentials');
    expect((await whoAmI(auth)).status).toBe(200);
  });

  it('says what is missing: the tokens of a 3LO user, the site of a service account', () => {
    const base = { JIRA_CLIENT_ID: 'client', JIRA_CLIENT_SECRET: 'secret-value' };
    expect(() => fromEnv({ env: { ...base, JIRA_ACCOUNT_ID: 'someone' } })).toThrow(
      /JIRA_REFRESH_TOKEN is not set: pass the user's token store \(fromEnv\(\{ store \}\)\) or set JIRA_REFRESH_TOKEN/,
    );
    expect(() => fromEnv({ env: base })).toThrow(
      /JIRA_BASE_URL, JIRA_CLOUD_ID are not set: a service account/,
    );
    expect(() => fromEnv({ env: { JIRA_CLIENT_ID: 'client' } })).toThrow(/JIRA_CLIENT_SECRET is not set/);
  });

  it('refuses variables of two methods, naming them and never their values', () => {
    const attempt = () =>
      fromEnv({
        env: {
          JIRA_BASE_URL: 'https://jira.example.com',
          JIRA_PAT: 'pat-value-123456',
          JIRA_USER_EMAIL: 'ada@example.com',
          JIRA_API_TOKEN: 'api-token-value-123',
        },
      });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      /JIRA_PAT, JIRA_USER_EMAIL, JIRA_API_TOKEN are all set, which describes a personal access token and an API token: set the variables of one method only/,
    );
    try {
      attempt();
    } catch (error) {
      expect(String((error as Error).message)).not.toMatch(/pat-value|api-token-value/);
    }
  });

  it('Data Center: a username and password, and OAuth with its own provider', async () => {
    const onDataCenter = async (auth: ReturnType<typeof fromEnv>) => {
      const headers = await authorizationFor(auth, { url: 'rest/api/2/myself' });
      return (await fetch(`${emulator.urls.dataCenter}/rest/api/2/myself`, { headers })).status;
    };
    const basic = fromEnv({
      env: {
        JIRA_BASE_URL: emulator.urls.dataCenter,
        JIRA_USERNAME: DEFAULT_DC_USER.username,
        JIRA_PASSWORD: DEFAULT_DC_USER.password as string,
      },
    });
    expect(await onDataCenter(basic)).toBe(200);
    // The emulator's grant() gives a refresh token only with offline_access.
    const refreshToken = emulator.dataCenterAuth.grant(DEFAULT_DC_OAUTH_CLIENT.clientId, [
      'READ',
      'offline_access',
    ]).refreshToken;
    const oauth = fromEnv({
      env: {
        JIRA_BASE_URL: emulator.urls.dataCenter,
        JIRA_CLIENT_ID: DEFAULT_DC_OAUTH_CLIENT.clientId,
        JIRA_CLIENT_SECRET: DEFAULT_DC_OAUTH_CLIENT.clientSecret,
        JIRA_ACCOUNT_ID: DEFAULT_DC_USER.username,
        JIRA_REDIRECT_URI: DEFAULT_DC_OAUTH_CLIENT.redirectUri,
        JIRA_REFRESH_TOKEN: refreshToken as string,
      },
    });
    expect(await onDataCenter(oauth)).toBe(200);
  });
});
