// Forge Remote on the client majors that need Node 22: a backend verifies the invocation the emulator (playing
// Forge) sends, then calls Jira on the FIT's apiBaseUrl as the app and as the user through got 16 and ky 2; a FIT
// that cannot be trusted makes no call.
import type { AuthStrategy } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { ForgeInvocationError, forgeRemote } from '@jira-auth/forge-remote';
import { jiraAuth as gotJiraAuth } from '@jira-auth/got';
import { type JiraAuthKyOptions, jiraAuth as kyJiraAuth } from '@jira-auth/ky';
import got, { type ExtendOptions } from 'got16';
import ky, { type Options } from 'ky2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** `/rest/api/3/myself` through each client: the status and the account Jira saw. */
const CLIENTS: Record<string, (auth: AuthStrategy) => Promise<[number, string | undefined]>> = {
  async 'got 16'(auth) {
    // As network.test.ts: in this workspace the adapters' types are their got 14 and ky 1 dev copies'.
    const client = got.extend(gotJiraAuth(auth) as unknown as ExtendOptions, { retry: { limit: 0 } });
    const body = (await client.get('rest/api/3/myself')) as { statusCode: number; body: string };
    return [body.statusCode, (JSON.parse(body.body) as { accountId?: string }).accountId];
  },
  async 'ky 2'(auth) {
    const hooks = kyJiraAuth(auth, {
      ky: ky as unknown as NonNullable<JiraAuthKyOptions['ky']>,
    }) as unknown as Options;
    const response = await ky.create({ ...hooks, retry: 0 }).get('rest/api/3/myself');
    return [response.status, ((await response.json()) as { accountId?: string }).accountId];
  },
};

describe.each(Object.keys(CLIENTS))('%s', (name) => {
  const call = CLIENTS[name] as (typeof CLIENTS)[string];
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

  it('a tampered invocation or a token the manifest did not ask for fails typed and calls nothing', async () => {
    const verifier = forge();
    const tampered = emulator.forge.invocation();
    tampered.authorization = `${tampered.authorization}x`;
    const error = await verifier
      .verify(new Request('http://remote.test/', { headers: tampered }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(ForgeInvocationError);
    expect((error as ForgeInvocationError).reason).toBe('signature');
    const tokenless = await verifier.verify(
      new Request('http://remote.test/', { headers: emulator.forge.invocation({ appSystemToken: false }) }),
    );
    await expect(async () => call(tokenless.asApp())).rejects.toMatchObject({ reason: 'missing-token' });
    expect(emulator.requests({ host: 'api' })).toEqual([]);
  });
});
