// Forge Remote through a set of clients: a backend verifies the invocation the emulator (playing Forge) sends, then
// calls Jira on the FIT's apiBaseUrl as the app and as the user. A FIT that cannot be trusted makes no call at all.
import type { AuthStrategy } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { ForgeInvocationError, forgeRemote } from '@jira-auth/forge-remote';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** `GET /rest/api/3/myself` through one client with the strategy: the status and the account Jira saw. */
export type CallMyself = (auth: AuthStrategy) => Promise<[number, string | undefined]>;

export function runForgeRemoteCases(clients: Record<string, CallMyself>): void {
  const emulator = new Emulator();
  beforeAll(() => emulator.start());
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  describe.each(Object.keys(clients))('%s', (name) => {
    const call = clients[name] as CallMyself;
    const forge = () => forgeRemote({ appId: emulator.forge.appId, jwksUrl: emulator.urls.forgeJwks });

    it('a verified invocation calls Jira on its apiBaseUrl as the app and as the user', async () => {
      const headers = emulator.forge.invocation();
      const invocation = await forge().verify(new Request('http://remote.test/', { headers }));
      expect(await call(invocation.asApp())).toEqual([200, emulator.forge.botAccountId]);
      expect(await call(invocation.asUser())).toEqual([200, DEFAULT_CLOUD_USER.accountId]);
      expect(
        emulator.requests({ host: 'api' }).map((entry) => [entry.path, entry.headers.authorization]),
      ).toEqual([
        [`/ex/jira/${emulator.cloudId}/rest/api/3/myself`, `Bearer ${headers['x-forge-oauth-system']}`],
        [`/ex/jira/${emulator.cloudId}/rest/api/3/myself`, `Bearer ${headers['x-forge-oauth-user']}`],
      ]);
    });

    it('a tampered, expired, foreign, unknown-key or tokenless invocation fails typed and calls nothing', async () => {
      const verifier = forge();
      const tampered = emulator.forge.invocation();
      tampered.authorization = `${tampered.authorization}x`;
      const expired = emulator.forge.invocation({ expiresIn: -30 });
      const foreign = emulator.forge.invocation({ audience: 'ari:cloud:ecosystem::app/someone-else' });
      const unknownKey = emulator.forge.invocation({ signWith: 'unpublished' });
      const reasons: string[] = [];
      for (const headers of [tampered, expired, foreign, unknownKey]) {
        const error = await verifier.verify(new Request('http://remote.test/', { headers })).catch((e) => e);
        expect(error).toBeInstanceOf(ForgeInvocationError);
        reasons.push((error as ForgeInvocationError).reason);
      }
      const tokenless = await verifier.verify(
        new Request('http://remote.test/', { headers: emulator.forge.invocation({ appUserToken: false }) }),
      );
      await expect(async () => call(tokenless.asUser())).rejects.toMatchObject({ reason: 'missing-token' });
      expect(reasons).toEqual(['signature', 'expired', 'audience', 'unknown-key']);
      expect(emulator.requests({ host: 'api' })).toEqual([]);
    });
  });
}
