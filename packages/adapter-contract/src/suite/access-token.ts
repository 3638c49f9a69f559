import { accessTokenAuth, type JiraAuthEvent } from '@jira-auth/core';
import type { AccessTokenAuthOptions, GetTokenContext } from '@jira-auth/core/types';
import { DEFAULT_OAUTH_CLIENT } from '@jira-auth/emulator';
import { describe, expect, it } from 'vitest';

import { bearerOf, type OAuthContext } from './oauth-context.js';

/** Bearer tokens minted by another system (a Forge backend, a secrets manager, a broker): `accessTokenAuth`. */
export function accessTokenCases(context: OAuthContext): void {
  const { driver, emulator, now, myself } = context;
  describe('a token minted elsewhere (accessTokenAuth)', () => {
    /** A broker: each call mints a new token at the emulator's authorization server, and is written down. */
    const broker = (lifetimeSeconds?: number) => {
      const calls: GetTokenContext['forceRefresh'][] = [];
      const minted: string[] = [];
      const getToken = async ({ forceRefresh }: GetTokenContext) => {
        calls.push(forceRefresh);
        const accessToken = emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, [
          'read:jira-user',
        ]).accessToken;
        minted.push(accessToken);
        return lifetimeSeconds === undefined
          ? accessToken
          : { accessToken, expiresAt: now() + lifetimeSeconds * 1000 };
      };
      return { calls, minted, getToken };
    };
    /** The broker's tokens, sent to this site's gateway. */
    const gatewayStrategy = (
      getToken: AccessTokenAuthOptions['getToken'],
      extra: Partial<AccessTokenAuthOptions> = {},
    ) =>
      accessTokenAuth({ getToken, cloudId: emulator.cloudId, endpoints: emulator.endpoints, now, ...extra });
    const sent = () =>
      emulator.requests({ path: '/rest/api/3/myself' }).map((entry) => bearerOf(entry.headers));

    it('one getToken call for 50 concurrent requests; after a 401, one more with forceRefresh, and the retry', async () => {
      const { calls, minted, getToken } = broker();
      const client = driver.createClient({
        strategy: gatewayStrategy(getToken),
      });
      const first = await Promise.all(Array.from({ length: 50 }, () => client.send(myself)));
      expect(first.every((response) => response.status === 200)).toBe(true);
      expect(calls).toEqual([false]);
      emulator.advanceClock(120);
      emulator.inject({ host: 'api', path: `/ex/jira/${emulator.cloudId}/rest/api/3/myself`, status: 401 });
      expect((await client.send(myself)).status).toBe(200);
      expect(calls).toEqual([false, true]);
      expect(sent().slice(-2)).toEqual([minted[0], minted[1]]);
    });

    it("reports the 401 retry through the strategy's onEvent, without the token", async () => {
      const { minted, getToken } = broker();
      const events: JiraAuthEvent[] = [];
      const client = driver.createClient({
        strategy: gatewayStrategy(getToken, { onEvent: (event) => events.push(event) }),
      });
      await client.send(myself);
      emulator.advanceClock(120);
      emulator.inject({ host: 'api', path: `/ex/jira/${emulator.cloudId}/rest/api/3/myself`, status: 401 });
      expect((await client.send(myself)).status).toBe(200);
      expect(events.map((event) => event.type)).toEqual([
        'token-renewed',
        'retried-after-401',
        'token-renewed',
      ]);
      expect(events[1]).toEqual({
        type: 'retried-after-401',
        strategy: 'access-token',
        method: 'GET',
        url: `${emulator.urls.gateway}/rest/api/3/myself`,
      });
      const text = JSON.stringify(events);
      for (const token of minted) expect(text).not.toContain(token);
    });

    it('asked again a little before the expiry it gave, and only then', async () => {
      const { calls, getToken } = broker(600);
      const client = driver.createClient({
        strategy: gatewayStrategy(getToken),
      });
      await client.send(myself);
      emulator.advanceClock(500);
      await client.send(myself);
      expect(calls).toEqual([false]);
      emulator.advanceClock(60);
      expect((await client.send(myself)).status).toBe(200);
      expect(calls).toEqual([false, false]);
    });
  });
}
