// Forge Remote through every client: a backend verifies the invocation the emulator (playing Forge) sends, then
// calls Jira on the FIT's apiBaseUrl as the app and as the user. A FIT that cannot be trusted makes no call at all.
import { withJiraAuth } from '@jira-auth/axios';
import type { AuthStrategy } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { jiraFetch } from '@jira-auth/fetch';
import { ForgeInvocationError, forgeRemote } from '@jira-auth/forge-remote';
import { jiraAuth as gotJiraAuth } from '@jira-auth/got';
import { jiraAuth as kyJiraAuth } from '@jira-auth/ky';
import { createJiraClient } from '@jira-auth/openapi-fetch';
import axios from 'axios';
import got from 'got14';
import ky from 'ky1';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** `/rest/api/3/myself` through each client: the status and the account Jira saw. */
const CLIENTS: Record<string, (auth: AuthStrategy) => Promise<[number, string | undefined]>> = {
  async axios(auth) {
    const instance = axios.create();
    withJiraAuth(instance, auth);
    const { status, data } = await instance.get<{ accountId?: string }>('/rest/api/3/myself');
    return [status, data.accountId];
  },
  async got(auth) {
    const body = await got.extend(gotJiraAuth(auth), { retry: { limit: 0 } }).get('rest/api/3/myself');
    return [body.statusCode, (JSON.parse(body.body) as { accountId?: string }).accountId];
  },
  async ky(auth) {
    const response = await ky.create({ ...kyJiraAuth(auth), retry: 0 }).get('rest/api/3/myself');
    return [response.status, ((await response.json()) as { accountId?: string }).accountId];
  },
  async fetch(auth) {
    const response = await jiraFetch(auth)('/rest/api/3/myself');
    return [response.status, ((await response.json()) as { accountId?: string }).accountId];
  },
  async 'openapi-fetch'(auth) {
    const { response, data } = await createJiraClient({ auth }).GET('/rest/api/3/myself');
    return [response.status, data?.accountId];
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
