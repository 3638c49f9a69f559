// `jira-auth login --api-token`: an email and an API token, classic (the site) or scoped (the gateway).

import { EXIT, outcomeOf } from '../../exit-codes.js';
import { myself, strategyFor } from '../../jira.js';
import { endpointsFromEnv, Failure, readSecret, save, step, storedIn, who } from '../../terminal.js';
import type { LoginOptions } from './options.js';
import { loginNetwork } from './options.js';

export async function apiTokenLogin(options: LoginOptions): Promise<void> {
  if (!options.site || !options.email) throw new Failure('--api-token needs --site and --email', EXIT.failed);
  const expiresOn = options.expires === undefined ? undefined : expiryDate(options.expires);
  const apiToken = await readSecret('API token', options.tokenCommand);
  const endpoints = endpointsFromEnv();
  const base = {
    method: 'api-token',
    site: options.site,
    email: options.email,
    apiToken,
    ...(endpoints ? { endpoints } : {}),
  } as const;
  // Nothing in a token says whether it is scoped: the site takes classic tokens, only the gateway scoped ones.
  let scoped = false;
  let result = await step('Trying the token on the site', () =>
    myself(strategyFor({ ...base, scoped: false }), false),
  );
  if (result.status === 401) {
    scoped = true;
    try {
      result = await step('Trying it through the gateway', () =>
        myself(strategyFor({ ...base, scoped: true }), false),
      );
    } catch (error) {
      // The site's 401 is the answer that counts: an unreachable gateway is not the likeliest cause.
      const { message, exitCode } = outcomeOf(error);
      if (exitCode !== EXIT.unreachable) throw error;
      throw new Failure(
        `the site refused the token (401), and the gateway, where a scoped token would work, ${message.replace(/^could not reach Jira/, 'could not be reached')}: check the email (${options.email}) and the token, which may have expired`,
        EXIT.rejected,
      );
    }
  }
  if (result.status !== 200) {
    throw new Failure(
      `Jira answered ${result.status} to the API token, as a classic and as a scoped token: check the email (${options.email}) and the token; API tokens also expire (after a year at most)`,
      EXIT.rejected,
    );
  }
  const storage = await save(
    options.profile,
    { ...base, scoped, ...(expiresOn ? { expiresOn } : {}) },
    options.tokenCommand,
    loginNetwork(options),
  );
  console.log(
    `Logged in as ${who(result.account)} with a ${scoped ? 'scoped' : 'classic'} API token (profile ${options.profile}; secret in ${storedIn(storage)}).`,
  );
}

/** `--expires`: a real calendar day, `YYYY-MM-DD`. */
function expiryDate(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new Failure(
      `--expires takes the day the token expires, as YYYY-MM-DD (e.g. 2027-03-31), not ${value}`,
      EXIT.failed,
    );
  }
  return value;
}
