import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
  pkceChallenge,
} from '../src/index.js';

const app = DEFAULT_OAUTH_CLIENT;
const redirectUri = app.redirectUris[0] as string;

describe('emulated auth.atlassian.com', () => {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    Object.assign(emulator.auth.settings, {
      refreshTokenReuseInterval: 600,
      revokeFamilyOnReuse: true,
      omitRefreshTokenTimes: 0,
    });
  });

  const authorize = async (scope = 'read:jira-user offline_access', state = 'st-1') => {
    const url = new URL('/authorize', emulator.origin('auth'));
    url.search = new URLSearchParams({
      audience: 'api.atlassian.com',
      client_id: app.clientId,
      scope,
      redirect_uri: redirectUri,
      state,
      response_type: 'code',
      prompt: 'consent',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    return new URL(response.headers.get('location') ?? 'http://none');
  };
  const token = async (body: Record<string, string>) => {
    const response = await fetch(`${emulator.origin('auth')}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const exchange = async (scope?: string) => {
    const code = (await authorize(scope)).searchParams.get('code') as string;
    return token({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
      redirect_uri: redirectUri,
    });
  };
  const refresh = (refreshToken: string) =>
    token({
      grant_type: 'refresh_token',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      refresh_token: refreshToken,
    });
  const myself = (accessToken: string) =>
    fetch(`${emulator.urls.gateway}/rest/api/3/myself`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });

  it('consent() follows /authorize like a browser, and says why it cannot', async () => {
    const url = new URL('/authorize', emulator.origin('auth'));
    url.search = new URLSearchParams({
      client_id: app.clientId,
      scope: 'read:jira-user',
      redirect_uri: redirectUri,
      state: 's',
      response_type: 'code',
    }).toString();
    expect(new URL(await emulator.consent(url)).searchParams.get('state')).toBe('s');
    url.searchParams.set('client_id', 'unknown');
    await expect(emulator.consent(url)).rejects.toThrow(/answered 400: <h1>Invalid client_id/);
    // The real consent screen, as authorizationUrl gives it without the emulator's endpoints.
    await expect(emulator.consent('https://auth.atlassian.com/authorize?client_id=x')).rejects.toThrow(
      /was given https:\/\/auth\.atlassian\.com\/authorize, which is not this emulator's authorization server .*: pass endpoints: emulator\.endpoints to authorizationUrl/,
    );
  });

  it('grant() gives tokens without the flow, in the shape strategies take, for tests of other things', async () => {
    const before = emulator.now();
    const tokens = emulator.auth.grant(app.clientId, ['read:jira-user', 'offline_access']);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', scope: ['read:jira-user', 'offline_access'] });
    expect(tokens.expiresAt - before).toBeGreaterThanOrEqual(3600_000);
    expect(tokens.expiresAt - before).toBeLessThan(3601_000);
    expect((await myself(tokens.accessToken)).status).toBe(200);
    expect((await refresh(tokens.refreshToken as string)).status).toBe(200);
    expect(emulator.auth.grant(app.clientId, ['read:jira-user']).refreshToken).toBeUndefined();
  });

  it('consents at once and redirects back with code and state', async () => {
    const back = await authorize();
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('code')).toMatch(/^emu-code-/);
  });

  it('issues a refresh token only with offline_access, and codes only once', async () => {
    const withRefresh = await exchange();
    expect(withRefresh.body).toMatchObject({
      expires_in: 3600,
      token_type: 'Bearer',
      scope: 'read:jira-user offline_access',
    });
    expect(withRefresh.body.refresh_token).toBeDefined();
    const without = await exchange('read:jira-user');
    expect(without.body.refresh_token).toBeUndefined();
    const code = (await authorize()).searchParams.get('code') as string;
    const params = {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
      redirect_uri: redirectUri,
    };
    expect((await token(params)).status).toBe(200);
    expect(await token(params)).toEqual({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Invalid authorization code' },
    });
  });

  it('answers a wrong client secret with access_denied, like a declined consent', async () => {
    const code = (await authorize()).searchParams.get('code') as string;
    const answer = await token({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: 'wrong',
      code,
      redirect_uri: redirectUri,
    });
    expect(answer).toEqual({
      status: 401,
      body: { error: 'access_denied', error_description: 'Unauthorized' },
    });
  });

  it('rotates refresh tokens; a reuse within 10 minutes is tolerated, later it revokes the whole family', async () => {
    const first = (await exchange()).body;
    const second = (await refresh(first.refresh_token as string)).body;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    emulator.advanceClock(300);
    expect((await refresh(first.refresh_token as string)).status).toBe(200);
    emulator.advanceClock(301);
    expect(await refresh(first.refresh_token as string)).toEqual({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' },
    });
    expect((await refresh(second.refresh_token as string)).status).toBe(403);
    expect((await myself(second.access_token as string)).status).toBe(401);
  });

  it('kills the old access token 10 minutes after a refresh', async () => {
    const first = (await exchange()).body;
    await refresh(first.refresh_token as string);
    expect((await myself(first.access_token as string)).status).toBe(200);
    emulator.advanceClock(601);
    expect((await myself(first.access_token as string)).status).toBe(401);
  });

  it('expires access tokens on its clock', async () => {
    const { access_token } = (await exchange()).body;
    expect((await myself(access_token as string)).status).toBe(200);
    emulator.advanceClock(3600);
    expect((await myself(access_token as string)).status).toBe(401);
  });

  it('can answer a refresh without refresh_token; the presented one stays live', async () => {
    const first = (await exchange()).body;
    emulator.auth.settings.omitRefreshTokenTimes = 1;
    const answer = (await refresh(first.refresh_token as string)).body;
    expect(answer.refresh_token).toBeUndefined();
    emulator.advanceClock(3600);
    expect((await refresh(first.refresh_token as string)).status).toBe(200);
  });

  it('answers a token without the route scope with the scope-mismatch 401', async () => {
    const { access_token } = (await exchange('read:jira-work offline_access')).body;
    const response = await myself(access_token as string);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
  });

  it('lists accessible resources in shuffled order, and OAuth tokens do not work on the site', async () => {
    const { access_token } = (await exchange()).body;
    const orders = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${emulator.origin('api')}/oauth/token/accessible-resources`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      const sites = (await response.json()) as { id: string; url: string }[];
      expect(sites.find((site) => site.url === emulator.urls.site)?.id).toBe(emulator.cloudId);
      orders.add(sites.map((site) => site.id).join());
    }
    expect(orders.size).toBeGreaterThan(1);
    const site = await fetch(`${emulator.urls.site}/rest/api/3/myself`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(site.status).toBe(401);
  });

  it('client credentials for service accounts, never for a 3LO app', async () => {
    const answer = await token({
      grant_type: 'client_credentials',
      client_id: DEFAULT_SERVICE_ACCOUNT.clientId,
      client_secret: DEFAULT_SERVICE_ACCOUNT.clientSecret,
      audience: 'api.atlassian.com',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.refresh_token).toBeUndefined();
    expect((await myself(answer.body.access_token as string)).status).toBe(200);
    const refused = await token({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    expect(refused.body.error).toBe('unauthorized_client');
  });
});

describe('emulated Data Center OAuth 2.0 provider', () => {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());
  const dc = DEFAULT_DC_OAUTH_CLIENT;
  const dcRedirect = dc.redirectUris[0] as string;
  const form = (params: Record<string, string>) =>
    fetch(`${emulator.urls.dataCenterOAuth}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, string>,
    }));

  it('checks PKCE, and wants redirect_uri on refresh', async () => {
    const verifier = 'a-verifier-that-is-long-enough-for-pkce-0123456789';
    const url = new URL(`${emulator.urls.dataCenterOAuth}/authorize`);
    url.search = new URLSearchParams({
      client_id: dc.clientId,
      redirect_uri: dcRedirect,
      response_type: 'code',
      scope: 'READ',
      state: 's',
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const code = () =>
      fetch(url, { redirect: 'manual' }).then(
        (response) => new URL(response.headers.get('location') as string).searchParams.get('code') as string,
      );
    const base = {
      grant_type: 'authorization_code',
      client_id: dc.clientId,
      client_secret: dc.clientSecret,
      redirect_uri: dcRedirect,
    };
    expect((await form({ ...base, code: await code(), code_verifier: 'wrong' })).body.error).toBe(
      'invalid_grant',
    );
    const tokens = (await form({ ...base, code: await code(), code_verifier: verifier })).body;
    expect(tokens.refresh_token).toBeDefined();
    const refresh = {
      grant_type: 'refresh_token',
      client_id: dc.clientId,
      client_secret: dc.clientSecret,
      refresh_token: tokens.refresh_token as string,
    };
    expect(await form(refresh)).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    expect((await form({ ...refresh, redirect_uri: dcRedirect })).status).toBe(200);
    const myself = await fetch(`${emulator.urls.dataCenter}/rest/api/2/myself`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(myself.status).toBe(200);
  });
});
