import {
  type AuthStrategy,
  authorizationUrl,
  completeAuthorization,
  memoryStore,
  oauth2,
  type TokenSet,
  type TokenStore,
} from '@jira-auth/core';
import {
  type AuthServerSettings,
  DEFAULT_CLOUD_USER,
  DEFAULT_OAUTH_CLIENT,
  type Emulator,
  type LoggedRequest,
} from '@jira-auth/emulator';
import { afterEach, beforeEach } from 'vitest';
import type { AdapterDriver, DriverClient, DriverRequest, DriverResponse } from '../driver.js';

export const app = DEFAULT_OAUTH_CLIENT;
export const redirectUri = app.redirectUri;

/** Runs the whole 3LO flow against the emulator with core's helpers. */
export async function authorizeCloud(
  emulator: Emulator,
  scopes: string[] = ['read:jira-user', 'read:jira-work', 'write:jira-work'],
): Promise<{ tokens: TokenSet; cloudId: string }> {
  const { url, state } = authorizationUrl({
    clientId: app.clientId,
    redirectUri,
    scopes,
    endpoints: emulator.endpoints,
  });
  const callback = await emulator.consent(url);
  const { tokens, cloudId } = await completeAuthorization({
    callback,
    state,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri,
    site: emulator.urls.site,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
  });
  return { tokens, cloudId };
}

/** The request outcome whether the client resolved, rejected with a response, or rejected before sending. */
export async function attempt(
  client: DriverClient,
  request: DriverRequest,
): Promise<Partial<DriverResponse>> {
  try {
    return await client.send(request);
  } catch (error) {
    return { error };
  }
}

export const bearerOf = (headers: Readonly<Record<string, string>> | undefined) =>
  headers?.authorization?.replace(/^Bearer /, '');

/** What the OAuth features share: the driver, the emulator, its auth server's settings, and a 3LO strategy. */
export interface OAuthContext {
  readonly driver: AdapterDriver;
  readonly emulator: Emulator;
  /** Changes the auth server's settings for one test; they are restored after it. */
  configure(settings: Partial<AuthServerSettings>): void;
  now(): number;
  tokenRequests(): LoggedRequest[];
  refreshes(): LoggedRequest[];
  readonly myself: DriverRequest;
  cloudStrategy(options?: {
    store?: TokenStore;
    onTokens?: (tokens: TokenSet) => unknown;
    scopes?: string[];
  }): Promise<{ strategy: AuthStrategy; tokens: TokenSet; store: TokenStore }>;
}

/** Builds the OAuth context; call it inside a `describe`, as it registers the settings' restore. */
export function oauthContext(driver: AdapterDriver, emulator: Emulator): OAuthContext {
  let original: AuthServerSettings = { ...emulator.auth.settings };
  const configure = (settings: Partial<AuthServerSettings>) =>
    Object.assign(emulator.auth.settings, settings);
  beforeEach(() => {
    original = { ...emulator.auth.settings };
  });
  afterEach(() => {
    Object.assign(emulator.auth.settings, original);
  });

  const now = () => emulator.now();
  const tokenRequests = () => emulator.requests({ host: 'auth', path: '/oauth/token' });
  const refreshes = () =>
    tokenRequests().filter((entry) => JSON.parse(entry.body).grant_type === 'refresh_token');
  const myself: DriverRequest = { method: 'GET', url: '/rest/api/3/myself' };

  const cloudStrategy = async (
    options: { store?: TokenStore; onTokens?: (tokens: TokenSet) => unknown; scopes?: string[] } = {},
  ): Promise<{ strategy: AuthStrategy; tokens: TokenSet; store: TokenStore }> => {
    const { tokens } = await authorizeCloud(emulator, options.scopes);
    const store = options.store ?? memoryStore();
    const strategy = oauth2({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      account: DEFAULT_CLOUD_USER.accountId,
      site: emulator.urls.site,
      store,
      tokens,
      endpoints: emulator.endpoints,
      now,
      ...(options.onTokens ? { onTokens: async (next) => void (await options.onTokens?.(next)) } : {}),
    });
    emulator.reset();
    return { strategy, tokens, store };
  };
  return { driver, emulator, configure, now, tokenRequests, refreshes, myself, cloudStrategy };
}
