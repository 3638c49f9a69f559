// The command behind a corporate network: a private CA and a client certificate (`--ca-file`, `--cert`, `--key`,
// kept in the profile by path; or JIRA_CA_FILE, JIRA_CLIENT_CERT, JIRA_CLIENT_KEY), and HTTPS_PROXY with NO_PROXY,
// on Node 20 too, whose fetch reads none of them. The built command against the emulator's mutual-TLS mode and a
// real CONNECT proxy that connects out from 127.0.0.2, so the emulator's log shows what came through it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLOUD_USER, DEFAULT_SERVICE_ACCOUNT, Emulator } from '@jira-auth/emulator';
import { createProxy } from 'proxy';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const emulator = new Emulator({ tls: { requireClientCertificate: true } });
const proxy = createProxy(createServer());
proxy.localAddress = '127.0.0.2';
let proxyUrl = '';
let configDir = '';

beforeAll(async () => {
  await emulator.start();
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 30_000);
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => proxy.close(resolve));
});
beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'jira-auth-cli-network-'));
  emulator.reset();
});

const tls = () => {
  if (!emulator.tls) throw new Error('the emulator is not in its TLS mode');
  return emulator.tls;
};

/** Runs the built command; resolves with its exit code and output. */
function run(args: string[], input = '', env: Record<string, string | undefined> = {}) {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    JIRA_AUTH_CONFIG_DIR: configDir,
    JIRA_AUTH_STORAGE: 'file',
    JIRA_AUTH_TEST_API_URL: emulator.endpoints.api,
    JIRA_AUTH_TEST_AUTH_URL: emulator.endpoints.auth,
    NO_COLOR: '1',
    ...env,
  };
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'])
    if (!(name in env)) delete merged[name];
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { env: merged }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const login = (extra: string[]) =>
  run(
    ['login', '--api-token', '--site', emulator.urls.site, '--email', DEFAULT_CLOUD_USER.email, ...extra],
    `${DEFAULT_CLOUD_USER.classicToken}\n`,
  );
const arrivals = () =>
  emulator.requests().map((entry) => `${entry.host} ${entry.from === '127.0.0.2' ? 'proxied' : 'direct'}`);

it('login with --ca-file, --cert and --key reaches a mutual-TLS Jira; the profile keeps the paths, and status uses them', async () => {
  const { caFile, certFile, keyFile } = tls();
  const result = await login(['--ca-file', caFile, '--cert', certFile, '--key', keyFile]);
  expect(result.code, result.stderr).toBe(0);
  const stored = await readFile(join(configDir, 'profiles.json'), 'utf8');
  expect(JSON.parse(stored).profiles.default.network).toEqual({ caFile, certFile, keyFile });
  // Paths only: no certificate or key in the file.
  expect(stored).not.toContain('BEGIN');
  const status = await run(['status']);
  expect(status.code, status.stderr).toBe(0);
});

it('without the client certificate: a TLS failure at once, and nothing reaches Jira', async () => {
  const result = await login(['--ca-file', tls().caFile]);
  expect(result.code).toBe(4);
  expect(result.stderr).toMatch(/^jira-auth: could not reach Jira/);
  expect(emulator.requests()).toEqual([]);
});

it('--cert without --key, and a CA file that is not PEM: exit 2, naming what is wrong', async () => {
  const half = await login(['--cert', tls().certFile]);
  expect([half.code, half.stderr.trim()]).toEqual([
    2,
    'jira-auth: --cert (JIRA_CLIENT_CERT) is set but --key (JIRA_CLIENT_KEY) is not: a client certificate needs both, its certificate and its private key',
  ]);
  const notPem = await login(['--ca-file', cli]);
  expect(notPem.code).toBe(2);
  expect(notPem.stderr).toContain(`--ca-file (JIRA_CA_FILE) names ${cli}, which is not a PEM file`);
});

it("HTTPS_PROXY: a service account's token request and its API calls go through the proxy; NO_PROXY's host goes direct", async () => {
  const { caFile, certFile, keyFile } = tls();
  const env = {
    JIRA_CA_FILE: caFile,
    JIRA_CLIENT_CERT: certFile,
    JIRA_CLIENT_KEY: keyFile,
    JIRA_BASE_URL: emulator.urls.site,
    JIRA_CLOUD_ID: emulator.cloudId,
    JIRA_CLIENT_ID: DEFAULT_SERVICE_ACCOUNT.clientId,
    JIRA_CLIENT_SECRET: DEFAULT_SERVICE_ACCOUNT.clientSecret,
    HTTPS_PROXY: proxyUrl,
  };
  const status = await run(['status'], '', env);
  expect(status.code, status.stderr).toBe(0);
  expect(arrivals().length).toBeGreaterThanOrEqual(2);
  expect(arrivals().filter((line) => !line.endsWith('proxied'))).toEqual([]);
  expect(arrivals()).toContain('auth proxied');

  emulator.reset();
  const auth = new URL(emulator.endpoints.auth).host;
  const bypass = await run(['status'], '', { ...env, NO_PROXY: auth });
  expect(bypass.code, bypass.stderr).toBe(0);
  expect(arrivals().filter((line) => line.startsWith('auth'))).toEqual(['auth direct']);
  expect(arrivals().filter((line) => !line.startsWith('auth') && !line.endsWith('proxied'))).toEqual([]);
});
