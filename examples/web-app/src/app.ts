// OAuth 2.0 (3LO) in a web app, with Hono: /login sends the user to Atlassian's consent screen, /callback takes
// them back (the state checked against a signed cookie), saves the tokens in a store, and /me calls Jira with them.
import {
  type AuthStrategy,
  authorizationUrl,
  completeAuthorization,
  oauth2,
  type TokenStore,
  tokenKey,
} from '@jira-auth/core';
import type { AtlassianEndpoints } from '@jira-auth/core/types';
import { jiraFetch } from '@jira-auth/fetch';
import { Hono } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';

export interface WebAppConfig {
  clientId: string;
  clientSecret: string;
  /** The app's callback URL, as registered in the developer console, e.g. `https://app.example.com/callback`. */
  redirectUri: string;
  /** Signs the cookies (at least 32 random bytes, kept secret). */
  cookieSecret: string;
  /** Where each user's token pair is kept: a file, Redis, a database. */
  store: TokenStore;
  scopes?: string[];
  /** Atlassian's hosts; the emulator's in tests. */
  endpoints?: AtlassianEndpoints;
}

/** The cookie options: HTTP-only, and Secure whenever the app is served over https. */
const cookie = (config: WebAppConfig, maxAge: number) =>
  ({
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge,
    secure: config.redirectUri.startsWith('https:'),
  }) as const;

export function createApp(config: WebAppConfig): Hono {
  const app = new Hono();
  // One strategy per user, kept: its renewals are single-flight across that user's concurrent requests.
  const strategies = new Map<string, AuthStrategy>();
  const strategyFor = (account: string, cloudId: string) => {
    const key = `${account} ${cloudId}`;
    let strategy = strategies.get(key);
    if (!strategy) {
      strategy = oauth2({
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        account,
        cloudId,
        store: config.store,
        ...(config.endpoints ? { endpoints: config.endpoints } : {}),
      });
      strategies.set(key, strategy);
    }
    return strategy;
  };

  app.get('/login', async (c) => {
    const { url, state } = authorizationUrl({
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      scopes: config.scopes ?? ['read:jira-user', 'read:jira-work'],
      ...(config.endpoints ? { endpoints: config.endpoints } : {}),
    });
    // The state rides in a signed, short-lived cookie: nothing to keep on the server between the two requests.
    await setSignedCookie(c, 'jira_oauth_state', state, config.cookieSecret, cookie(config, 600));
    return c.redirect(url.href);
  });

  app.get('/callback', async (c) => {
    const state = await getSignedCookie(c, config.cookieSecret, 'jira_oauth_state');
    if (!state) return c.text('The login has expired or was not started here: start again at /login.', 400);
    try {
      // No site: the grant reaches one site, and the account id is read from /myself.
      const { tokens, cloudId, accountId } = await completeAuthorization({
        callback: c.req.url,
        state,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        redirectUri: config.redirectUri,
        ...(config.endpoints ? { endpoints: config.endpoints } : {}),
      });
      if (!accountId) return c.text('Jira did not say who logged in: add the read:jira-user scope.', 400);
      await config.store.set(tokenKey('atlassian', config.clientId, accountId), tokens);
      await setSignedCookie(
        c,
        'jira_user',
        `${accountId} ${cloudId}`,
        config.cookieSecret,
        cookie(config, 30 * 86_400),
      );
      return c.redirect('/me');
    } catch (error) {
      // jira-auth's messages name the problem and never hold a secret: safe to show.
      return c.text(error instanceof Error ? error.message : 'The login failed.', 400);
    }
  });

  app.get('/me', async (c) => {
    const user = await getSignedCookie(c, config.cookieSecret, 'jira_user');
    if (!user) return c.redirect('/login');
    const [account = '', cloudId = ''] = user.split(' ');
    const jira = jiraFetch(strategyFor(account, cloudId));
    const response = await jira('/rest/api/3/myself');
    if (!response.ok) return c.text(`Jira answered ${response.status}: log in again at /login.`, 502);
    const me = (await response.json()) as { displayName?: string; accountId?: string };
    return c.json({ displayName: me.displayName, accountId: me.accountId });
  });

  return app;
}
