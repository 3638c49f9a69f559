// `jira-auth header` and `jira-auth token`: the credential itself, for a pipe.
import type { Command } from 'commander';
import { type Profile, selectProfile } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { strategyFor } from '../jira.js';
import { Failure } from '../terminal.js';

/** The Authorization header value for a profile; OAuth tokens are renewed first when about to expire. */
async function authorizationOf(profile: Profile): Promise<string> {
  const strategy = strategyFor(profile);
  const { authorization } = await strategy.authenticate({ url: await strategy.baseUrl(), method: 'GET' });
  return String(authorization);
}

export function registerHeader(program: Command): void {
  program
    .command('header')
    .description('print the Authorization header value (a secret: for a pipe, not a log)')
    .option('--profile <name>', 'a profile other than the default')
    .action(async (options: { profile?: string }) => {
      const { profile } = await selectProfile(options.profile);
      console.log(await authorizationOf(profile));
    });

  program
    .command('token')
    .description('print the bearer token (a secret: for a pipe, not a log)')
    .option('--profile <name>', 'a profile other than the default')
    .action(async (options: { profile?: string }) => {
      const { profile } = await selectProfile(options.profile);
      if (profile.method === 'api-token') {
        throw new Failure(
          'API tokens authenticate as Basic (email:token), not as a bearer token: use `jira-auth header`',
          EXIT.failed,
        );
      }
      // OAuth: renewed first when it is about to expire, the rotated pair saved before it is printed.
      console.log((await authorizationOf(profile)).replace(/^Bearer /, ''));
    });
}
