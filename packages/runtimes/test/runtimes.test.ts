// The runtimes core claims, each running the same cases (src/cases.ts, bundled) against the emulator started
// here by Node on loopback. The runtime reports each case; the emulator's log says what went on the wire.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, RuntimeConfig } from '../src/cases.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const bin = (name: string) => here(`../node_modules/.bin/${name}`);
const cli = here('../dist/cli.mjs');
const run = promisify(execFile);

const emulator = new Emulator();
let workerd: Miniflare;
beforeAll(async () => {
  await emulator.start();
  workerd = new Miniflare({
    modules: true,
    scriptPath: here('../dist/worker.mjs'),
    compatibilityDate: '2026-07-01',
  });
  await workerd.ready;
});
afterAll(async () => {
  await workerd?.dispose();
  await emulator.close();
});

const runtimes: Record<string, { version: () => Promise<string>; run: (config: string) => Promise<string> }> =
  {
    Deno: {
      version: async () => (await run(bin('deno'), ['--version'])).stdout.split('\n')[0] ?? '',
      // Network access to loopback only: the cases must not reach anything else.
      run: async (config) => (await run(bin('deno'), ['run', '--allow-net=127.0.0.1', cli, config])).stdout,
    },
    Bun: {
      version: async () => `bun ${(await run(bin('bun'), ['--version'])).stdout.trim()}`,
      run: async (config) => (await run(bin('bun'), [cli, config])).stdout,
    },
    'workerd (miniflare)': {
      version: async () => `workerd, compatibility date 2026-07-01`,
      run: async (config) =>
        (await workerd.dispatchFetch('http://runner.invalid/', { method: 'POST', body: config })).text(),
    },
  };

function config(client: RuntimeConfig['client']): RuntimeConfig {
  const granted = emulator.auth.grant(DEFAULT_OAUTH_CLIENT.clientId, DEFAULT_OAUTH_CLIENT.scopes);
  return {
    client,
    site: emulator.urls.site,
    foreign: emulator.urls.foreign,
    endpoints: emulator.endpoints,
    cloud: {
      email: DEFAULT_CLOUD_USER.email,
      classicToken: DEFAULT_CLOUD_USER.classicToken as string,
      scopedToken: DEFAULT_CLOUD_USER.scopedToken as string,
    },
    oauth: {
      clientId: DEFAULT_OAUTH_CLIENT.clientId,
      clientSecret: DEFAULT_OAUTH_CLIENT.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      tokens: granted,
    },
    forge: {
      appId: emulator.forge.appId,
      jwksUrl: emulator.urls.forgeJwks,
      invocation: emulator.forge.invocation(),
      tampered: tamper(emulator.forge.invocation()),
    },
  };
}

/** An invocation whose FIT says it is for another user, its signature left as it was. */
function tamper(headers: Record<string, string>): Record<string, string> {
  const [head, payload, signature] = (headers.authorization ?? '').replace('Bearer ', '').split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
  const forged = Buffer.from(JSON.stringify({ ...claims, principal: 'someone-else' })).toString('base64url');
  return { ...headers, authorization: `Bearer ${head}.${forged}.${signature}` };
}

for (const [runtime, { version, run: runIn }] of Object.entries(runtimes)) {
  describe(runtime, () => {
    it('is the runtime it says', async () => {
      expect(await version()).toMatch(/^(deno 2\.|bun 1\.|workerd)/);
    });

    for (const client of ['ky', 'openapi-fetch'] as const) {
      it(`runs every case with ${client}`, async () => {
        emulator.reset();
        const settings = config(client);
        const results = JSON.parse(await runIn(JSON.stringify(settings))) as CaseResult[];
        const forge = settings.forge.invocation;
        const forgeBearers = [
          `Bearer ${forge['x-forge-oauth-system']}`,
          `Bearer ${forge['x-forge-oauth-user']}`,
        ];
        expect(results.map((result) => result.name)).toEqual([
          'classic API token',
          'scoped API token through the gateway',
          'oauth2: a forced expiry and one refresh',
          'no credentials across a redirect to another origin',
          'an upload gets X-Atlassian-Token',
          'forge remote: a verified invocation as the app and the user; a tampered one refused',
        ]);
        for (const result of results) expect(result, result.name).toMatchObject({ ok: true });

        // On the wire: Basic to the site, Basic to the gateway, Bearer after exactly one refresh.
        const basic = `Basic ${btoa(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.classicToken}`)}`;
        expect(
          emulator.requests({ host: 'site', path: '/rest/api/3/myself' })[0]?.headers.authorization,
        ).toBe(basic);
        const gateway = emulator
          .requests({ host: 'api', path: '/myself' })
          .filter((entry) => !forgeBearers.includes(entry.headers.authorization ?? ''));
        expect(gateway[0]?.headers.authorization).toBe(
          `Basic ${btoa(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.scopedToken}`)}`,
        );
        const bearers = gateway.slice(1).map((entry) => entry.headers.authorization);
        expect(bearers).toHaveLength(2);
        expect(bearers[0]).toMatch(/^Bearer /);
        expect(bearers[1]).toMatch(/^Bearer /);
        expect(bearers[1]).not.toBe(bearers[0]);
        const refreshes = emulator
          .requests({ host: 'auth', path: '/oauth/token' })
          .filter((entry) => JSON.parse(entry.body).grant_type === 'refresh_token');
        expect(refreshes).toHaveLength(1);
        // The redirect landed on the foreign host without the credential.
        const landed = emulator.requests({ host: 'foreign' });
        expect(landed).toHaveLength(1);
        expect(landed[0]?.headers.authorization).toBeUndefined();
        // The upload carried Jira's XSRF header.
        expect(emulator.requests({ path: '/attachments' })[0]?.headers['x-atlassian-token']).toBe('no-check');
        // Forge Remote: the keys fetched once; the app's, then the user's token on the FIT's apiBaseUrl.
        expect(emulator.requests({ path: '/forge/.well-known/jwks.json' })).toHaveLength(1);
        expect(results.at(-1)?.detail).toBe(`${emulator.forge.botAccountId} ${DEFAULT_CLOUD_USER.accountId}`);
        expect(
          emulator
            .requests({ host: 'api', path: '/rest/api/3/myself' })
            .slice(-2)
            .map((entry) => entry.headers.authorization),
        ).toEqual(forgeBearers);
      });
    }
  });
}
