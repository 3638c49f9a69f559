// A Forge Remote backend's side of an invocation, against the emulator playing Forge: it signs FITs with its own
// keys, serves the JWKS, and its gateway accepts the app's system and user tokens on the FIT's apiBaseUrl.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { jiraFetch } from '@jira-auth/fetch';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ForgeInvocationError, type ForgeInvocationReason, forgeRemote } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());
afterEach(() => vi.useRealTimers());

const verifier = () =>
  forgeRemote({ appId: emulator.forge.appId, jwksUrl: emulator.urls.forgeJwks, now: () => emulator.now() });
const request = (headers: Record<string, string>) => new Request('http://remote.test/invoke', { headers });
const jwksFetches = () => emulator.requests({ host: 'auth', path: '/forge/.well-known/jwks.json' }).length;

/** Calls Jira's `/myself` with the strategy, through the fetch adapter. */
async function myself(
  auth: Parameters<typeof jiraFetch>[0],
): Promise<{ status: number; accountId?: string }> {
  const response = await jiraFetch(auth)('/rest/api/3/myself');
  const body = (await response.json()) as { accountId?: string };
  return { status: response.status, ...(body.accountId ? { accountId: body.accountId } : {}) };
}

/** The typed refusal of an invocation, checked for leaks of the FIT or the tokens. */
async function refusal(
  verify: Promise<unknown> | (() => unknown),
  headers: Record<string, string>,
): Promise<ForgeInvocationReason> {
  let error: unknown;
  try {
    await (typeof verify === 'function' ? verify() : verify);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ForgeInvocationError);
  const refused = error as ForgeInvocationError;
  expect(refused.code).toBe('JIRA_AUTH_FORGE_INVOCATION');
  const shown = `${String(refused)} ${JSON.stringify(refused)} ${refused.stack ?? ''}`;
  for (const value of Object.values(headers)) {
    for (const part of value.replace(/^Bearer /, '').split('.'))
      if (part.length > 20) expect(shown).not.toContain(part);
  }
  return refused.reason;
}

describe('a valid invocation', () => {
  it('gives the FIT claims, the apiBaseUrl, and strategies that call Jira as the app and as the user', async () => {
    const headers = emulator.forge.invocation();
    const invocation = await verifier().verify(request(headers));
    expect(invocation.apiBaseUrl).toBe(emulator.urls.gateway);
    expect(invocation.claims).toMatchObject({
      iss: 'forge/invocation-token',
      aud: emulator.forge.appId,
      app: { id: emulator.forge.appId, installationId: emulator.forge.installationId },
      context: { cloudId: emulator.cloudId },
      principal: DEFAULT_CLOUD_USER.accountId,
    });

    expect(await myself(invocation.asApp())).toEqual({ status: 200, accountId: emulator.forge.botAccountId });
    expect(await myself(invocation.asUser())).toEqual({
      status: 200,
      accountId: DEFAULT_CLOUD_USER.accountId,
    });
    const calls = emulator.requests({ host: 'api', path: '/rest/api/3/myself' });
    expect(calls.map((call) => [call.path, call.headers.authorization])).toEqual([
      [`/ex/jira/${emulator.cloudId}/rest/api/3/myself`, `Bearer ${headers['x-forge-oauth-system']}`],
      [`/ex/jira/${emulator.cloudId}/rest/api/3/myself`, `Bearer ${headers['x-forge-oauth-user']}`],
    ]);
  });

  it("reads a Node IncomingMessage's headers, as Express and node:http hand them over", async () => {
    const forge = verifier();
    const seen: unknown[] = [];
    const server = createServer((incoming: IncomingMessage, outgoing) => {
      forge
        .verify(incoming)
        .then(async (invocation) => {
          const me = await myself(invocation.asUser());
          outgoing.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(me));
        })
        .catch((error: unknown) => {
          seen.push(error);
          outgoing.writeHead(401).end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/invoke`;
      const answer = await emulator.invokeRemote(url, { body: { call: { functionKey: 'remote' } } });
      expect(seen).toEqual([]);
      expect(await answer.json()).toEqual({ status: 200, accountId: DEFAULT_CLOUD_USER.accountId });
      expect((await fetch(url, { method: 'POST' })).status).toBe(401);
      expect(seen).toHaveLength(1);
      expect((seen[0] as ForgeInvocationError).reason).toBe('missing');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('accepts a FIT that expired within the clock skew (5 s), and not beyond it', async () => {
    const forge = verifier();
    const headers = emulator.forge.invocation({ expiresIn: 60 });
    emulator.advanceClock(63);
    await expect(forge.verify(request(headers))).resolves.toBeDefined();
    emulator.advanceClock(5);
    expect(await refusal(forge.verify(request(headers)), headers)).toBe('expired');
  });
});

describe('an invocation that cannot be trusted fails typed, before any call to Jira', () => {
  const cases: Record<string, [() => Record<string, string>, ForgeInvocationReason]> = {
    'a tampered payload': [
      () => {
        const headers = emulator.forge.invocation();
        const [head, payload, signature] = (headers.authorization ?? '').replace('Bearer ', '').split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
        claims.principal = 'someone-else';
        const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
        return { ...headers, authorization: `Bearer ${head}.${forged}.${signature}` };
      },
      'signature',
    ],
    'an expired FIT': [
      () => {
        const headers = emulator.forge.invocation({ expiresIn: 60 });
        emulator.advanceClock(120);
        return headers;
      },
      'expired',
    ],
    'a FIT for another app': [
      () => emulator.forge.invocation({ audience: 'ari:cloud:ecosystem::app/another-app' }),
      'audience',
    ],
    'a key Forge does not publish': [
      () => emulator.forge.invocation({ signWith: 'unpublished' }),
      'unknown-key',
    ],
    'no FIT at all': [
      () => {
        const { authorization: _, ...rest } = emulator.forge.invocation();
        return rest;
      },
      'missing',
    ],
    'a FIT that is not a JWT': [() => ({ authorization: 'Bearer not-a-jwt' }), 'malformed'],
  };
  for (const [name, [make, reason]] of Object.entries(cases)) {
    it(name, async () => {
      const headers = make();
      expect(await refusal(verifier().verify(request(headers)), headers)).toBe(reason);
      expect(emulator.requests({ host: 'api' })).toEqual([]);
      expect(emulator.requests({ host: 'site' })).toEqual([]);
    });
  }

  it('an algorithm other than RS256 (an HMAC "signed" with a guessable key) is refused as such', async () => {
    const headers = emulator.forge.invocation();
    const [, payload] = (headers.authorization ?? '').replace('Bearer ', '').split('.');
    const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const forged = { ...headers, authorization: `Bearer ${head}.${payload}.c2lnbmF0dXJl` };
    expect(await refusal(verifier().verify(request(forged)), forged)).toBe('algorithm');
  });

  it('a missing app or user token fails when that strategy is asked for, and names the manifest setting', async () => {
    const headers = emulator.forge.invocation({ appSystemToken: false, appUserToken: false });
    const invocation = await verifier().verify(request(headers));
    expect(await refusal(() => invocation.asApp(), headers)).toBe('missing-token');
    expect(() => invocation.asApp()).toThrow(/appSystemToken/);
    expect(() => invocation.asUser()).toThrow(/x-forge-oauth-user.*appUserToken/);
    expect(emulator.requests({ host: 'api' })).toEqual([]);
  });

  it("a token past its own exp fails before the call; Forge's next invocation brings a new one", async () => {
    const headers = emulator.forge.invocation({ expiresIn: 300, tokenExpiresIn: 30 });
    const invocation = await verifier().verify(request(headers));
    const auth = invocation.asApp();
    emulator.advanceClock(31);
    await expect(myself(auth)).rejects.toMatchObject({ reason: 'token-expired' });
    expect(() => invocation.asUser()).toThrow(ForgeInvocationError);
    expect(emulator.requests({ host: 'api' })).toEqual([]);
  });

  it('unreachable keys fail as keys, naming where they are fetched from', async () => {
    const forge = forgeRemote({
      appId: emulator.forge.appId,
      jwksUrl: `${emulator.urls.foreign}/nothing-here`,
    });
    const headers = emulator.forge.invocation();
    expect(await refusal(forge.verify(request(headers)), headers)).toBe('keys');
  });

  it('an appId is required, with a message that says where to find it', () => {
    expect(() => forgeRemote({ appId: '' })).toThrow(/appId is missing.*manifest\.yml/);
  });
});

describe("Forge's keys", () => {
  it('are fetched once for many invocations', async () => {
    const forge = verifier();
    for (let i = 0; i < 5; i++) await forge.verify(request(emulator.forge.invocation()));
    expect(jwksFetches()).toBe(1);
  });

  it('are fetched again after a key rotation, and FITs signed with the old key stay valid', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const forge = verifier();
    const before = emulator.forge.invocation();
    await forge.verify(request(before));
    expect(jwksFetches()).toBe(1);

    emulator.forge.rotateKey();
    // Past the 30 s in which an unknown key id does not make the verifier fetch again (forged key ids cannot
    // make it hammer Forge's CDN).
    vi.setSystemTime(Date.now() + 31_000);
    const after = emulator.forge.invocation();
    await forge.verify(request(after));
    expect(jwksFetches()).toBe(2);
    await forge.verify(request(before));
    await forge.verify(request(emulator.forge.invocation()));
    expect(jwksFetches()).toBe(2);
  });

  it('are not fetched again within 30 s for an unknown key id: a forger cannot flood the key host', async () => {
    const forge = verifier();
    await forge.verify(request(emulator.forge.invocation()));
    for (let i = 0; i < 3; i++) {
      const headers = emulator.forge.invocation({ signWith: 'unpublished' });
      expect(await refusal(forge.verify(request(headers)), headers)).toBe('unknown-key');
    }
    expect(jwksFetches()).toBe(1);
  });
});
