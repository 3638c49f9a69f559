// `jira-auth login --data-center --client-id`: Data Center OAuth 2.0 (an incoming link on the instance), with PKCE.
import { bearerAuth } from '@jira-auth/core';
import type { Profile } from '../../config.js';
import { EXIT } from '../../exit-codes.js';
import { myself, oauthKey, oauthStore } from '../../jira.js';
import { dataCenterConsent } from '../../oauth-login.js';
import { Failure, readSecret, save, step, storedIn, who } from '../../terminal.js';
import { consentOptions } from './consent.js';
import { DEFAULT_SCOPES, type LoginOptions, loginNetwork, scopesOf } from './options.js';

export async function dataCenterOAuthLogin(options: LoginOptions): Promise<void> {
  const { baseUrl, clientId } = options;
  if (!baseUrl || !clientId) throw new Failure('--data-center needs --base-url', EXIT.failed);
  const clientSecret = await readSecret('OAuth client secret', options.tokenCommand);
  const { tokens, redirectUri } = await dataCenterConsent({
    baseUrl,
    clientId,
    clientSecret,
    scopes: scopesOf(options, DEFAULT_SCOPES.dataCenter),
    ...consentOptions(options),
  });
  // Data Center's token answer names nobody: /myself says whose the tokens are, the store key's account.
  const bearer = bearerAuth({ baseUrl, token: tokens.accessToken });
  const result = await step('Verifying the token', () => myself(bearer, true));
  const account = result.account?.name ?? result.account?.accountId;
  if (result.status !== 200 || !account) {
    throw new Failure(`Jira answered ${result.status} to the new access token`, EXIT.rejected);
  }
  const profile: Profile = { method: 'dc-oauth', baseUrl, clientId, clientSecret, redirectUri, account };
  await oauthStore().set(oauthKey(profile), tokens);
  const storage = await save(options.profile, profile, options.tokenCommand, loginNetwork(options));
  console.log(
    `Logged in as ${who(result.account)} with Data Center OAuth 2.0 (profile ${options.profile}; secret in ${storedIn(storage)}).`,
  );
}
