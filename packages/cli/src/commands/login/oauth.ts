// `jira-auth login --client-id`: Jira Cloud OAuth 2.0 (3LO). Loopback consent, then core's code exchange and site
// choice (which also say whose the tokens are), then one save.
import { completeAuthorization } from '@jira-auth/core';
import type { AccessibleResource } from '@jira-auth/core/types';
import type { Profile } from '../../config.js';
import { EXIT } from '../../exit-codes.js';
import { myself, oauthKey, oauthStore, strategyFor } from '../../jira.js';
import { cloudConsent } from '../../oauth-login.js';
import {
  endpointsFromEnv,
  Failure,
  interactive,
  readSecret,
  save,
  step,
  storedIn,
  who,
} from '../../terminal.js';
import { consentOptions } from './consent.js';
import { DEFAULT_SCOPES, type LoginOptions, loginNetwork, scopesOf } from './options.js';

export async function oauthLogin(options: LoginOptions & { clientId: string }): Promise<void> {
  const { clientId } = options;
  const clientSecret = await readSecret('OAuth client secret', options.tokenCommand);
  const endpoints = endpointsFromEnv();
  const consent = await cloudConsent({
    clientId,
    scopes: scopesOf(options, DEFAULT_SCOPES.cloud),
    ...(endpoints ? { endpoints } : {}),
    ...consentOptions(options),
  });
  const done = await step('Exchanging the code', () =>
    completeAuthorization({
      ...consent,
      clientId,
      clientSecret,
      ...(endpoints ? { endpoints } : {}),
      ...(options.site ? { site: options.site } : {}),
      pick: pickSite,
    }),
  );
  if (!done.accountId) {
    throw new Failure(
      'Jira would not say whose the tokens are: add the read:jira-user scope to the app and to --scopes, and log in again',
      EXIT.rejected,
    );
  }
  const profile: Profile = {
    method: 'oauth',
    site: done.resource.url,
    clientId,
    clientSecret,
    account: done.accountId,
    cloudId: done.cloudId,
    ...(endpoints ? { endpoints } : {}),
  };
  await oauthStore().set(oauthKey(profile), done.tokens);
  const storage = await save(options.profile, profile, options.tokenCommand, loginNetwork(options));
  const result = await myself(strategyFor(profile), false);
  console.log(
    `Logged in as ${who(result.account)} to ${done.resource.url} with OAuth 2.0 (profile ${options.profile}; secret in ${storedIn(storage)}).`,
  );
}

/** Several sites and no `--site`: a prompt on a terminal, an error naming them otherwise. */
async function pickSite(sites: readonly AccessibleResource[]): Promise<AccessibleResource> {
  if (!interactive) {
    throw new Failure(
      `the grant covers several sites (${sites.map((site) => site.url).join(', ')}): pass --site`,
      EXIT.failed,
    );
  }
  const { isCancel, select } = await import('@clack/prompts');
  const chosen = await select({
    message: 'Which site?',
    options: sites.map((site) => ({ value: site, label: site.url })),
  });
  if (isCancel(chosen)) throw new Failure('cancelled', EXIT.failed);
  return chosen;
}
