// The strategies behind the stored profiles, and one verified call to /myself through @jira-auth/fetch.
import {
  type AuthStrategy,
  basicAuth,
  bearerAuth,
  dataCenterOAuth2,
  oauth2,
  tokenKey,
} from '@jira-auth/core';
import { fileStore } from '@jira-auth/file-store';
import { type Profile, tokensFile } from './config.js';

/** Where an OAuth profile's token set is kept. */
export const oauthStore = () => fileStore(tokensFile());
export const oauthKey = (profile: { clientId: string; account: string; baseUrl?: string }) =>
  tokenKey(
    profile.baseUrl ? new URL(profile.baseUrl).origin : 'atlassian',
    profile.clientId,
    profile.account,
  );

export function strategyFor(profile: Profile): AuthStrategy {
  if (profile.method === 'pat') return bearerAuth({ baseUrl: profile.baseUrl, token: profile.token });
  if (profile.method === 'dc-oauth') {
    return dataCenterOAuth2({
      baseUrl: profile.baseUrl,
      clientId: profile.clientId,
      clientSecret: profile.clientSecret,
      redirectUri: profile.redirectUri,
      account: profile.account,
      store: oauthStore(),
    });
  }
  if (profile.method === 'oauth') {
    return oauth2({
      clientId: profile.clientId,
      clientSecret: profile.clientSecret,
      account: profile.account,
      cloudId: profile.cloudId,
      store: oauthStore(),
      ...(profile.endpoints ? { endpoints: profile.endpoints } : {}),
    });
  }
  return basicAuth({
    site: profile.site,
    email: profile.email,
    apiToken: profile.apiToken,
    scoped: profile.scoped,
    ...(profile.expiresOn ? { expiresAt: profile.expiresOn } : {}),
    ...(profile.endpoints ? { endpoints: profile.endpoints } : {}),
  });
}

export interface Myself {
  readonly status: number;
  readonly baseUrl: string;
  readonly account?: { accountId?: string; name?: string; displayName?: string; emailAddress?: string };
}

/** A GET of a REST path below the strategy's base URL, through @jira-auth/fetch; the JSON body when 2xx. */
export async function getJson(
  strategy: AuthStrategy,
  path: string,
): Promise<{ status: number; baseUrl: string; body?: unknown }> {
  // Loaded here, by the commands that call Jira: `header` and `token` only hand out the credential.
  const { jiraFetch } = await import('@jira-auth/fetch');
  const response = await jiraFetch(strategy)(path, {
    headers: { accept: 'application/json' },
    redirect: 'error',
  });
  const body: unknown = response.ok ? await response.json() : undefined;
  const baseUrl = (await strategy.baseUrl()).href;
  return { status: response.status, baseUrl, ...(body === undefined ? {} : { body }) };
}

/** GET /myself: the only call that verifies credentials (anonymous endpoints answer 200 to anybody). */
export async function myself(strategy: AuthStrategy, dataCenter: boolean): Promise<Myself> {
  const { status, baseUrl, body } = await getJson(
    strategy,
    dataCenter ? '/rest/api/2/myself' : '/rest/api/3/myself',
  );
  return { status, baseUrl, ...(body ? { account: body as NonNullable<Myself['account']> } : {}) };
}
