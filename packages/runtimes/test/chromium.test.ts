// Core's ESM build, as published, loaded in headless Chromium (Debian's): a page computes an authentication
// header and a PKCE pair with the browser's own base64 and WebCrypto; Node checks both independently.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Core's build folder: the entry imports chunks it shares with the adapter-kit entry, so the page gets them all. */
const coreDist = fileURLToPath(new URL('../../core/dist/', import.meta.url));

/** What the page runs: plain browser JavaScript, importing core's build as any bundler-free page would. */
const PAGE = `
import * as core from '/core/index.mjs';
const request = (href) => ({ url: new URL(href), method: 'GET', headers: new Headers() });
const basic = await core
  .basicAuth({ site: 'https://your-site.atlassian.net', email: 'zoë@example.com', apiToken: 'token-ÄÖ-123' })
  .authenticate(request('https://your-site.atlassian.net/rest/api/3/myself'));
const bearer = await core
  .bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'pat-0123456789' })
  .authenticate(request('https://jira.example.com/jira/rest/api/2/myself'));
const { url, codeVerifier } = await core.dataCenterAuthorizationUrl({
  baseUrl: 'https://jira.example.com/jira',
  clientId: 'client',
  redirectUri: 'https://app.example.com/callback',
  scopes: ['READ'],
});
window.result = { basic, bearer, authorize: String(url), codeVerifier, userAgent: navigator.userAgent };
`;

describe("core's ESM build in headless Chromium", () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const file = /^\/core\/([\w.-]+\.mjs)$/.exec(request.url ?? '')?.[1];
      if (file) {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(await readFile(join(coreDist, file)));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><meta charset="utf-8"><title>core</title><script type="module">${PAGE}</script>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Flags that keep Chromium off the network: this machine only reaches loopback.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('computes headers and a PKCE pair', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'result' in window, undefined, { timeout: 10_000 });
    const result = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as {
      basic: unknown;
      bearer: unknown;
      authorize: string;
      codeVerifier: string;
      userAgent: string;
    };

    expect(errors).toEqual([]);
    expect(result.userAgent).toMatch(/HeadlessChrome\//);
    expect(result.basic).toEqual({
      authorization: `Basic ${Buffer.from('zoë@example.com:token-ÄÖ-123', 'utf8').toString('base64')}`,
    });
    expect(result.bearer).toEqual({ authorization: 'Bearer pat-0123456789' });
    const authorize = new URL(result.authorize);
    expect(authorize.pathname).toBe('/jira/rest/oauth2/latest/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(result.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(authorize.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(result.codeVerifier).digest('base64url'),
    );
  });
});
