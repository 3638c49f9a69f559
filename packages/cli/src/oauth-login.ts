// `jira-auth login` for Jira Cloud OAuth 2.0 (3LO): a one-shot server on 127.0.0.1 receives the redirect from the
// consent screen; the code is exchanged, the site picked, and the token set saved in the file store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AccessibleResource,
  accessibleResources,
  authorizationUrl,
  dataCenterAuthorizationUrl,
  exchangeCode,
  exchangeDataCenterCode,
  parseCallback,
  pickSite,
  type TokenSet,
} from '@jira-auth/core';
import type { Endpoints } from './config.js';

export interface OAuthLoginOptions {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  /** 0: a free port. The app must list `http://localhost:<port>/callback` as a callback URL. */
  port: number;
  endpoints?: Endpoints;
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
  /** Shows the consent URL (and opens a browser when there is one). */
  show(url: URL): Promise<void> | void;
  /** Picks one of several sites the grant covers. */
  pick(sites: readonly AccessibleResource[]): Promise<AccessibleResource>;
  /** The site asked for on the command line, if any. */
  site?: string;
}

export class LoginError extends Error {}

async function listen(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new LoginError(
              `port ${port} is in use: pass another --port, and list http://localhost:<port>/callback as a callback URL of the app`,
            )
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

/** The first request to /callback: its URL. Answers the browser with a page that says what happened. */
function callback(server: Server, timeoutMs: number): Promise<URL> {
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
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/callback') {
        response.writeHead(404).end();
        return;
      }
      const failed = url.searchParams.has('error');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><title>jira-auth</title><p>${failed ? 'The authorisation was not granted.' : 'Logged in.'} You can close this tab and go back to the terminal.</p>`,
      );
      clearTimeout(timer);
      resolve(url);
    });
  });
}

/**
 * The consent step over a loopback redirect: a one-shot server, the URL shown, the code returned with its
 * `state` checked. `authorize` builds the consent URL for the redirect URI the server listens on.
 */
export async function loopbackConsent(options: {
  port: number;
  timeoutMs: number;
  show(url: URL): Promise<void> | void;
  authorize(redirectUri: string): Promise<{ url: URL; state: string }>;
}): Promise<{ code: string; redirectUri: string }> {
  const server = await listen(options.port);
  try {
    const { port } = server.address() as AddressInfo;
    const redirectUri = `http://localhost:${port}/callback`;
    const { url, state } = await options.authorize(redirectUri);
    const returned = callback(server, options.timeoutMs);
    await options.show(url);
    return { code: parseCallback(await returned, state), redirectUri };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

export async function oauthLogin(
  options: OAuthLoginOptions,
): Promise<{ tokens: TokenSet; site: AccessibleResource }> {
  const { code, redirectUri } = await loopbackConsent({
    ...options,
    authorize: async (redirect) =>
      authorizationUrl({
        clientId: options.clientId,
        redirectUri: redirect,
        scopes: options.scopes,
        ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      }),
  });
  const tokens = await exchangeCode({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    code,
    redirectUri,
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
  });
  const sites = await accessibleResources({
    accessToken: tokens.accessToken,
    ...(options.endpoints ? { endpoints: { api: options.endpoints.api } } : {}),
  });
  if (sites.length === 0)
    throw new LoginError('the grant reaches no site: authorise the app for a Jira site');
  const site = options.site
    ? pickSite(sites, options.site)
    : sites.length === 1
      ? (sites[0] as AccessibleResource)
      : await options.pick(sites);
  return { tokens, site };
}

/** Data Center OAuth 2.0: the same loopback consent, with PKCE, against the instance's own provider. */
export async function dataCenterOAuthLogin(options: {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  port: number;
  timeoutMs: number;
  show(url: URL): Promise<void> | void;
}): Promise<{ tokens: TokenSet; redirectUri: string }> {
  let codeVerifier = '';
  const { code, redirectUri } = await loopbackConsent({
    ...options,
    authorize: async (redirect) => {
      const authorization = await dataCenterAuthorizationUrl({
        baseUrl: options.baseUrl,
        clientId: options.clientId,
        redirectUri: redirect,
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
    code,
    redirectUri,
    codeVerifier,
  });
  return { tokens, redirectUri };
}
