// OAuth 2.0 on Jira Data Center, directly against the emulator's Data Center host: the consent URL with PKCE, the
// code exchange, the refresh that must carry redirect_uri, and service accounts. What goes over the wire and what
// ends up in the store, as a user (or Jira) would see it; the adapters' side is in the conformance suite.
import { createHash } from 'node:crypto';
import { DEFAULT_DC_OAUTH_CLIENT, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationFor,
  dataCenterAuthorizationUrl,
  dataCenterClientCredentials,
  dataCenterOAuth2,
  exchangeDataCenterCode,
  memoryStore,
  parseCallback,
  type TokenSet,
  tokenKey,
} from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

const dc = DEFAULT_DC_OAUTH_CLIENT;
const now = () => emulator.now();
const tokenRequests = () => emulator.requests({ host: 'dc', path: '/rest/oauth2/latest/token' });
const form = (index = 0) => Object.fromEntries(new URLSearchParams(tokenRequests()[index]?.body));

/** The flow up to tokens: consent URL, the emulator's consent screen, the code exchange. */
async function authorize(): Promise<TokenSet> {
  const { url, state, codeVerifier } = await dataCenterAuthorizationUrl({
    baseUrl: emulator.urls.dataCenter,
    clientId: dc.clientId,
    redirectUri: dc.redirectUri,
    scopes: ['READ', 'WRITE'],
  });
  const code = parseCallback(await emulator.consent(url), state);
  return exchangeDataCenterCode({
    baseUrl: emulator.urls.dataCenter,
    clientId: dc.clientId,
    clientSecret: dc.clientSecret,
    code,
    redirectUri: dc.redirectUri,
    codeVerifier,
    now,
  });
}

/** The strategy for the emulator's incoming link and user, with `tokens` and anything else given. */
const userStrategy = (tokens: TokenSet, more: Partial<Parameters<typeof dataCenterOAuth2>[0]> = {}) =>
  dataCenterOAuth2({
    baseUrl: emulator.urls.dataCenter,
    clientId: dc.clientId,
    clientSecret: dc.clientSecret,
    redirectUri: dc.redirectUri,
    account: DEFAULT_DC_USER.username,
    tokens,
    now,
    ...more,
  });

describe('dataCenterAuthorizationUrl', () => {
  it('is the base URL’s authorize endpoint, with every parameter and an S256 challenge of the verifier', async () => {
    const { url, state, codeVerifier } = await dataCenterAuthorizationUrl({
      baseUrl: emulator.urls.dataCenter,
      clientId: dc.clientId,
      redirectUri: dc.redirectUri,
      scopes: ['READ', 'WRITE'],
    });
    expect(`${url.origin}${url.pathname}`).toBe(`${emulator.urls.dataCenter}/rest/oauth2/latest/authorize`);
    const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: dc.clientId,
      redirect_uri: dc.redirectUri,
      response_type: 'code',
      scope: 'READ WRITE',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(state.length).toBeGreaterThanOrEqual(24);
    const again = await dataCenterAuthorizationUrl({
      baseUrl: emulator.urls.dataCenter,
      clientId: dc.clientId,
      redirectUri: dc.redirectUri,
      scopes: ['READ'],
      state: 'my-own-state',
    });
    expect(again.state).toBe('my-own-state');
    expect(again.url.searchParams.get('state')).toBe('my-own-state');
    expect(again.state).not.toBe(state);
  });

  it('refuses no scopes, and a base URL that is not one, naming the option', async () => {
    const options = { baseUrl: emulator.urls.dataCenter, clientId: dc.clientId, redirectUri: dc.redirectUri };
    for (const scopes of [[], undefined, 'READ']) {
      await expect(dataCenterAuthorizationUrl({ ...options, scopes: scopes as never })).rejects.toMatchObject(
        {
          code: 'JIRA_AUTH_CONFIGURATION',
          field: 'scopes',
        },
      );
    }
    await expect(
      dataCenterAuthorizationUrl({ ...options, baseUrl: 'jira.example.com', scopes: ['READ'] }),
    ).rejects.toMatchObject({ field: 'baseUrl' });
  });
});

describe('exchangeDataCenterCode', () => {
  it('posts a form with the code, the callback URL and the verifier, and dates the tokens by `now`', async () => {
    const tokens = await authorize();
    const sent = tokenRequests();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form()).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: dc.redirectUri,
      code_verifier: expect.any(String),
      code: expect.any(String),
    });
    // Dated by the emulator's clock, which runs ahead of Date.now() once moved.
    expect(tokens.expiresAt).toBeGreaterThan(emulator.now());
    const headers = await authorizationFor(userStrategy(tokens));
    const me = await fetch(`${emulator.urls.dataCenter}/rest/api/2/myself`, { headers });
    expect(await me.json()).toMatchObject({ name: DEFAULT_DC_USER.username });
  });

  it('uses the given fetch and clock, and refuses a missing client secret', async () => {
    const { url, state, codeVerifier } = await dataCenterAuthorizationUrl({
      baseUrl: emulator.urls.dataCenter,
      clientId: dc.clientId,
      redirectUri: dc.redirectUri,
      scopes: ['READ'],
    });
    const code = parseCallback(await emulator.consent(url), state);
    const common = {
      baseUrl: emulator.urls.dataCenter,
      clientId: dc.clientId,
      code,
      redirectUri: dc.redirectUri,
    };
    await expect(exchangeDataCenterCode({ ...common, clientSecret: '', codeVerifier })).rejects.toMatchObject(
      { field: 'clientSecret' },
    );
    let fetched = 0;
    const tokens = await exchangeDataCenterCode({
      ...common,
      clientSecret: dc.clientSecret,
      codeVerifier,
      fetch: (input, init) => {
        fetched += 1;
        return fetch(input, init);
      },
      now: () => 0,
    });
    expect(fetched).toBe(1);
    expect(tokens.expiresAt).toBeLessThan(86_400_000);
  });
});

describe('every Data Center call', () => {
  it('refuses a base URL that is not one, naming baseUrl', async () => {
    const client = { baseUrl: 'jira.example.com', clientId: dc.clientId, clientSecret: dc.clientSecret };
    const refused = expect.objectContaining({ code: 'JIRA_AUTH_CONFIGURATION', field: 'baseUrl' });
    await expect(
      exchangeDataCenterCode({ ...client, code: 'c', redirectUri: dc.redirectUri, codeVerifier: 'v' }),
    ).rejects.toEqual(refused);
    expect(() =>
      dataCenterOAuth2({ ...client, redirectUri: dc.redirectUri, account: DEFAULT_DC_USER.username }),
    ).toThrow(refused);
    expect(() => dataCenterClientCredentials(client)).toThrow(refused);
  });
});

describe('dataCenterOAuth2', () => {
  it('renews after the hour with a form that carries redirect_uri, and keeps the pair under its key', async () => {
    const tokens = await authorize();
    emulator.reset();
    const store = memoryStore();
    const auth = userStrategy(tokens, { store });
    expect(auth.kind).toBe('oauth2');
    expect(String(auth)).toBe(
      `[jira-auth dataCenterOAuth2 for client ${dc.clientId} on ${emulator.urls.dataCenter}]`,
    );
    expect((await auth.baseUrl()).href).toBe(emulator.urls.dataCenter);
    expect((await authorizationFor(auth)).authorization).toBe(`Bearer ${tokens.accessToken}`);
    emulator.advanceClock(3600);
    const renewed = await authorizationFor(auth);
    expect(renewed.authorization).not.toBe(`Bearer ${tokens.accessToken}`);
    expect(tokenRequests()[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form()).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
      redirect_uri: dc.redirectUri,
    });
    const key = tokenKey(new URL(emulator.urls.dataCenter).origin, dc.clientId, DEFAULT_DC_USER.username);
    expect(`Bearer ${(await store.get(key))?.accessToken}`).toBe(renewed.authorization);
  });

  it('without a refresh token, an expired pair says to run the authorization flow again', async () => {
    const tokens = await authorize();
    const { refreshToken: _dropped, ...withoutRefresh } = tokens;
    const auth = userStrategy({ ...withoutRefresh, expiresAt: emulator.now() - 1000 });
    await expect(authorizationFor(auth)).rejects.toThrow(/run the authorization flow again/);
  });
});

describe('dataCenterClientCredentials', () => {
  it('asks for a token with a client-credentials form, scopes only when given, kept under its key', async () => {
    const store = memoryStore();
    const auth = dataCenterClientCredentials({
      baseUrl: emulator.urls.dataCenter,
      clientId: dc.clientId,
      clientSecret: dc.clientSecret,
      store,
      now,
    });
    expect(auth.kind).toBe('client-credentials');
    expect(String(auth)).toBe(
      `[jira-auth dataCenterClientCredentials ${dc.clientId} on ${emulator.urls.dataCenter}]`,
    );
    expect((await auth.baseUrl()).href).toBe(emulator.urls.dataCenter);
    const headers = await authorizationFor(auth);
    expect(tokenRequests()[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const client = { client_id: dc.clientId, client_secret: dc.clientSecret };
    expect(form()).toEqual({ grant_type: 'client_credentials', ...client });
    const key = tokenKey(new URL(emulator.urls.dataCenter).origin, dc.clientId, 'client-credentials');
    expect(`Bearer ${(await store.get(key))?.accessToken}`).toBe(headers.authorization);

    emulator.reset();
    const scoped = dataCenterClientCredentials({
      baseUrl: emulator.urls.dataCenter,
      clientId: dc.clientId,
      clientSecret: dc.clientSecret,
      scopes: ['READ', 'WRITE'],
      now,
    });
    await authorizationFor(scoped);
    expect(form()).toEqual({ grant_type: 'client_credentials', scope: 'READ WRITE', ...client });
  });
});
