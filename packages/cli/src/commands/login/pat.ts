// `jira-auth login --data-center`: a Data Center personal access token.

import type { Profile } from '../../config.js';
import { EXIT } from '../../exit-codes.js';
import { myself, strategyFor } from '../../jira.js';
import { Failure, readSecret, save, step, storedIn, who } from '../../terminal.js';
import type { LoginOptions } from './options.js';
import { loginNetwork } from './options.js';

export async function patLogin(options: LoginOptions): Promise<void> {
  if (!options.baseUrl) throw new Failure('--data-center needs --base-url', EXIT.failed);
  const token = await readSecret('Personal access token', options.tokenCommand);
  const profile: Profile = { method: 'pat', baseUrl: options.baseUrl, token };
  const result = await step('Verifying the token', () => myself(strategyFor(profile), true));
  if (result.status !== 200)
    throw new Failure(
      `Jira answered ${result.status} to the personal access token: check it, and that it has not expired`,
      EXIT.rejected,
    );
  const storage = await save(options.profile, profile, options.tokenCommand, loginNetwork(options));
  console.log(
    `Logged in as ${who(result.account)} with a personal access token (profile ${options.profile}; secret in ${storedIn(storage)}).`,
  );
}
