import {
  dataCenterAuthorizationUrl,
  dataCenterClientCredentials,
  dataCenterOAuth2,
  exchangeDataCenterCode,
  parseCallback,
} from '@jira-auth/core';
import { DEFAULT_DC_OAUTH_CLIENT, DEFAULT_DC_USER } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';

import type { OAuthContext } from './oauth-context.js';

/** OAuth 2.0 on Data Center: the flow with PKCE, refresh with redirect_uri, service accounts. */
export function dataCenterOAuthCases(context: OAuthContext): void {
  const { driver, emulator, now } = context;
  describe('Data Center OAuth 2.0', () => {
    const dc = DEFAULT_DC_OAUTH_CLIENT;
    const dcRedirect = dc.redirectUri;

    it('authorization code with PKCE, Bearer to the base URL, refresh with redirect_uri', async () => {
      const { url, state, codeVerifier } = await dataCenterAuthorizationUrl({
        baseUrl: emulator.urls.dataCenter,
        clientId: dc.clientId,
        redirectUri: dcRedirect,
        scopes: ['READ', 'WRITE'],
      });
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      const code = parseCallback(await emulator.consent(url), state);
      const tokens = await exchangeDataCenterCode({
        baseUrl: emulator.urls.dataCenter,
        clientId: dc.clientId,
        clientSecret: dc.clientSecret,
        code,
        redirectUri: dcRedirect,
        codeVerifier,
        now,
      });
      const strategy = dataCenterOAuth2({
        baseUrl: emulator.urls.dataCenter,
        clientId: dc.clientId,
        clientSecret: dc.clientSecret,
        redirectUri: dcRedirect,
        account: DEFAULT_DC_USER.username,
        tokens,
        now,
      });
      emulator.reset();
      const client = driver.createClient({ strategy });
      expect((await client.send({ method: 'GET', url: '/rest/api/2/myself' })).body).toMatchObject({
        name: DEFAULT_DC_USER.username,
      });
      emulator.advanceClock(3600);
      expect((await client.send({ method: 'GET', url: '/rest/api/2/myself' })).status).toBe(200);
      const refresh = emulator.requests({ host: 'dc', path: '/rest/oauth2/latest/token' });
      expect(refresh).toHaveLength(1);
      const params = new URLSearchParams(refresh[0]?.body);
      expect(params.get('grant_type')).toBe('refresh_token');
      expect(params.get('redirect_uri')).toBe(dcRedirect);
    });

    it('client credentials (form body), one token for concurrent requests', async () => {
      const strategy = dataCenterClientCredentials({
        baseUrl: emulator.urls.dataCenter,
        clientId: dc.clientId,
        clientSecret: dc.clientSecret,
        now,
      });
      const client = driver.createClient({ strategy });
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => client.send({ method: 'GET', url: '/rest/api/2/myself' })),
      );
      expect(responses.every((response) => response.status === 200)).toBe(true);
      const token = emulator.requests({ host: 'dc', path: '/rest/oauth2/latest/token' });
      expect(token).toHaveLength(1);
      expect(token[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    });
  });
}
