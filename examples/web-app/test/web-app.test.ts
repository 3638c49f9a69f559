// The web-app example as a user runs it: a real server on 127.0.0.1, a browser's steps (the redirect to the
// consent screen, the callback with its cookie, the page that calls Jira), the emulator as Atlassian.
import { mkdtemp, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';
import { fileStore } from '@jira-auth/file-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

// The app's own client registration: its callback is the server's, known once it listens.
const client = { ...DEFAULT_OAUTH_CLIENT, redirectUris: [] as string[] };
// A user whose grant reaches one site: the app needs no site setting.
const emulator = new Emulator({ oauthClients: [client], otherSites: false });
let server: ServerType;
let origin: string;
let tokenFile: string;

beforeAll(async () => {
  await emulator.start();
  tokenFile = join(await mkdtemp(join(tmpdir(), 'jira-auth-web-app-')), 'tokens.json');
  let app: ReturnType<typeof createApp> | undefined;
  server = serve({
    fetch: (request) => (app as NonNullable<typeof app>).fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client.redirectUris.push(`${origin}/callback`);
  app = createApp({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUri: `${origin}/callback`,
    cookieSecret: 'a-test-secret-of-at-least-32-bytes-0123',
    store: fileStore(tokenFile),
    endpoints: emulator.endpoints,
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await emulator.close();
});

/** The cookies a response sets, as a browser sends them back. */
const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');

describe('the web-app example', () => {
  it('logs a user in through the consent screen, keeps the tokens, and calls Jira as them', async () => {
    const login = await fetch(`${origin}/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const consent = new URL(login.headers.get('location') as string);
    expect(consent.origin).toBe(emulator.endpoints.auth);
    expect(login.headers.get('set-cookie')).toMatch(/jira_oauth_state=.*HttpOnly/i);

    const callback = await emulator.consent(consent);
    const back = await fetch(callback, { headers: { cookie: cookiesOf(login) }, redirect: 'manual' });
    expect([back.status, back.headers.get('location')]).toEqual([302, '/me']);

    const me = await fetch(`${origin}/me`, { headers: { cookie: cookiesOf(back) } });
    expect(await me.json()).toEqual({
      displayName: DEFAULT_CLOUD_USER.displayName,
      accountId: DEFAULT_CLOUD_USER.accountId,
    });
    const stored = JSON.parse(await readFile(tokenFile, 'utf8'));
    expect(JSON.stringify(stored)).toContain(
      `jira-auth:atlassian:${client.clientId}:${DEFAULT_CLOUD_USER.accountId}`,
    );
  });

  it('refuses a callback whose state was not signed by this app', async () => {
    const login = await fetch(`${origin}/login`, { redirect: 'manual' });
    const callback = await emulator.consent(login.headers.get('location') as string);
    const forged = await fetch(callback, {
      headers: { cookie: 'jira_oauth_state=forged.value' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/start again at \/login/);
  });
});
