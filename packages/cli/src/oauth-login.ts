// The consent step of `jira-auth login` for OAuth 2.0: a one-shot server on both loopback addresses that
// `localhost` may resolve to (127.0.0.1 and [::1], one port) receives the redirect from the consent screen.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  authorizationUrl,
  dataCenterAuthorizationUrl,
  exchangeDataCenterCode,
  parseCallback,
  type TokenSet,
} from '@jira-auth/core';
import type { Endpoints } from './config.js';

export interface ConsentOptions {
  /** 0: a free port. The app must list `http://localhost:<port>/callback` as a callback URL. */
  port: number;
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
  /** Shows the consent URL (and opens a browser when there is one). */
  show(url: URL): Promise<void> | void;
  /**
   * On a machine the browser cannot come back to (SSH, a container): a line the user pastes, the URL the browser
   * ended on or the bare code. Whichever comes first, the redirect or the paste, wins.
   */
  pasted?: (() => Promise<string | undefined>) | undefined;
}

/** Where the browser came back to, with the `state` to check it against and the redirect URI it was sent to. */
export interface Consented {
  readonly callback: URL;
  readonly state: string;
  readonly redirectUri: string;
}

export class LoginError extends Error {}

function listenOn(port: number, host: string): Promise<Server> {
  const server = createServer();
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const inUse = (port: number) =>
  new LoginError(
    `port ${port} is in use: pass another --port, and list http://localhost:<port>/callback as a callback URL of the app`,
  );

/** Errors that say this machine has no IPv6 loopback: then `localhost` cannot resolve to it either. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/**
 * Servers on one port of both loopback addresses: `localhost` in the redirect URI may resolve to either, and a port
 * held on only one of them could be taken on the other by another local process meanwhile (RFC 8252, 8.3). With
 * port 0, a port free on both is looked for.
 */
async function listen(port: number): Promise<{ port: number; servers: Server[] }> {
  for (let attempt = 0; ; attempt++) {
    const v4 = await listenOn(port, '127.0.0.1').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? inUse(port) : error;
    });
    const chosen = (v4.address() as AddressInfo).port;
    try {
      return { port: chosen, servers: [v4, await listenOn(chosen, '::1')] };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (NO_IPV6.has(code)) return { port: chosen, servers: [v4] };
      v4.close();
      if (code !== 'EADDRINUSE') throw error;
      if (port !== 0 || attempt >= 20) throw inUse(chosen);
    }
  }
}

/** The first request to /callback: its URL. Answers the browser with a page that says what happened. */
function callback(servers: readonly Server[], timeoutMs: number, state: string): Promise<URL> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new LoginError(
            `nobody came back from the consent screen within ${Math.round(timeoutMs / 1000)} s: run the login again`,
          ),
        ),
      timeoutMs,
    );
    // The servers keep the command waiting; the timer alone must not, once a pasted URL has won.
    timer.unref();
    const answer = (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/callback') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><title>jira-auth</title><p>${verdict(url, state)} You can close this tab and go back to the terminal.</p>`,
      );
      clearTimeout(timer);
      resolve(url);
    };
    for (const server of servers) server.on('request', answer);
  });
}

/**
 * A pasted line as the callback URL: the URL the browser ended on (its `state` is checked when the code is
 * exchanged), or the bare code, given the state of this login.
 */
function pastedCallback(line: string, redirectUri: string, state: string): URL {
  // Never empty: only a line with something on it is taken as pasted.
  const text = line.trim();
  if (/^https?:\/\//i.test(text)) {
    const url = new URL(text);
    if (!url.searchParams.has('code') && !url.searchParams.has('error')) {
      throw new LoginError(
        'the pasted URL has no code: paste the URL the browser ended on after you allowed access (it starts with the callback URL)',
      );
    }
    return url;
  }
  if (!/^[\w.~-]+$/.test(text)) {
    throw new LoginError('that is neither a URL nor a code: paste the URL the browser ended on');
  }
  const url = new URL(redirectUri);
  url.searchParams.set('code', text);
  url.searchParams.set('state', state);
  return url;
}

/** What the browser is told: the same verdict the terminal gets, without its details. */
function verdict(url: URL, state: string): string {
  if (url.searchParams.has('error')) return 'The authorisation was not granted: the login failed.';
  try {
    parseCallback(url, state);
  } catch {
    return 'The login failed: this answer does not belong to the login that is waiting (its state differs).';
  }
  return 'Logged in.';
}

/**
 * The consent step over a loopback redirect: a one-shot server, the URL shown, the browser's return awaited.
 * `authorize` builds the consent URL for the redirect URI the server listens on.
 */
async function loopbackConsent(
  options: ConsentOptions & { authorize(redirectUri: string): Promise<{ url: URL; state: string }> },
): Promise<Consented> {
  const { port, servers } = await listen(options.port);
  try {
    const redirectUri = `http://localhost:${port}/callback`;
    const { url, state } = await options.authorize(redirectUri);
    const returned = callback(servers, options.timeoutMs, state);
    await options.show(url);
    const pasted = options.pasted;
    const either = pasted
      ? Promise.race([
          returned,
          // Standard input ended with nothing pasted: only the redirect can come.
          pasted().then((line) =>
            line === undefined ? new Promise<URL>(() => {}) : pastedCallback(line, redirectUri, state),
          ),
        ])
      : returned;
    return { callback: await either, state, redirectUri };
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  }
}

/** Jira Cloud (3LO): the consent; core's `completeAuthorization` takes it from there. */
export function cloudConsent(
  options: ConsentOptions & { clientId: string; scopes: readonly string[]; endpoints?: Endpoints },
): Promise<Consented> {
  return loopbackConsent({
    ...options,
    authorize: async (redirectUri) =>
      authorizationUrl({
        clientId: options.clientId,
        redirectUri,
        scopes: options.scopes,
        ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      }),
  });
}

/** Data Center OAuth 2.0: the same loopback consent, with PKCE, against the instance's own provider. */
export async function dataCenterConsent(
  options: ConsentOptions & {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    scopes: readonly string[];
  },
): Promise<{ tokens: TokenSet; redirectUri: string }> {
  let codeVerifier = '';
  const consented = await loopbackConsent({
    ...options,
    authorize: async (redirectUri) => {
      const authorization = await dataCenterAuthorizationUrl({
        baseUrl: options.baseUrl,
        clientId: options.clientId,
        redirectUri,
        scopes: options.scopes,
      });
      codeVerifier = authorization.codeVerifier;
      return authorization;
    },
  });
  const tokens = await exchangeDataCenterCode({
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    code: parseCallback(consented.callback, consented.state),
    redirectUri: consented.redirectUri,
    codeVerifier,
  });
  return { tokens, redirectUri: consented.redirectUri };
}
