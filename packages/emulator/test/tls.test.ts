// The TLS mode: every host on HTTPS with a certificate from a CA made for this emulator, and with
// requireClientCertificate, mutual TLS. A real client (Node's fetch with an undici Agent) against real servers.
import { readFile } from 'node:fs/promises';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD_USER, Emulator } from '../src/index.js';

const emulator = new Emulator({ tls: { requireClientCertificate: true } });
beforeAll(() => emulator.start(), 30_000);
afterAll(() => emulator.close());

const basic = `Basic ${Buffer.from(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.classicToken}`).toString('base64')}`;
const myself = () => `${emulator.urls.site}/rest/api/3/myself`;
/** Why a request failed, as deep as the cause goes: the TLS error's code. */
const codeOf = (error: unknown): string => {
  let current = error as { cause?: unknown; code?: string } | undefined;
  const codes: string[] = [];
  while (current) {
    if (current.code) codes.push(current.code);
    current = current.cause as typeof current;
  }
  return codes.join(' ');
};

describe('the TLS mode', () => {
  it('serves every host on https, to a client with the CA and a client certificate', async () => {
    const tls = emulator.tls;
    if (!tls) throw new Error('no TLS material');
    for (const role of ['site', 'api', 'auth', 'dc', 'foreign'] as const)
      expect(emulator.origin(role)).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const dispatcher = new Agent({ connect: { ca: tls.ca, cert: tls.cert, key: tls.key } });
    const response = await fetch(myself(), { headers: { authorization: basic }, dispatcher } as RequestInit);
    expect(response.status).toBe(200);
    // The files hold the same PEM, for programs and the CLI.
    expect(await readFile(tls.caFile, 'utf8')).toBe(tls.ca);
    expect(await readFile(tls.certFile, 'utf8')).toBe(tls.cert);
    expect(await readFile(tls.keyFile, 'utf8')).toBe(tls.key);
  });

  it('refuses a client that does not trust its CA, and one without a client certificate, before any request', async () => {
    const tls = emulator.tls;
    if (!tls) throw new Error('no TLS material');
    const untrusting = await fetch(myself(), { headers: { authorization: basic } }).catch((error) => error);
    expect(codeOf(untrusting)).toMatch(/SELF_SIGNED_CERT_IN_CHAIN/);
    const withoutCertificate = new Agent({ connect: { ca: tls.ca } });
    const refused = await fetch(myself(), { dispatcher: withoutCertificate } as RequestInit).catch(
      (error) => error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(emulator.requests()).toHaveLength(1);
  });
});

it('close() removes the certificate files', async () => {
  const other = await new Emulator({ tls: true }).start();
  const caFile = other.tls?.caFile as string;
  expect(await readFile(caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
  await other.close();
  await expect(readFile(caFile)).rejects.toThrow(/ENOENT/);
});
