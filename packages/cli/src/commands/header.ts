// `jira-auth header` and `jira-auth token`: the credential itself, for a pipe. cli.ts calls printHeader and printToken
// directly when a prompt asks, so this file loads nothing a valid stored credential does not need.
import type { Command } from 'commander';
import { EXIT, Failure } from '../exit-codes.js';
import { subjectOf } from './subject.js';

/**
 * The Authorization header value for a stored profile, or (none stored) the `JIRA_*` environment as `status` reads
 * it; OAuth tokens are renewed first when about to expire.
 */
async function authorizationOf(profile: string | undefined): Promise<string> {
  const { strategy } = await subjectOf(profile);
  const { authorization } = await strategy.authenticate({ url: await strategy.baseUrl(), method: 'GET' });
  return String(authorization);
}

export async function printHeader(profile: string | undefined): Promise<void> {
  console.log(await authorizationOf(profile));
}

export async function printToken(profile: string | undefined): Promise<void> {
  // OAuth: renewed first when it is about to expire, the rotated pair saved before it is printed.
  const authorization = await authorizationOf(profile);
  if (!authorization.startsWith('Bearer ')) {
    throw new Failure(
      'API tokens and passwords authenticate as Basic (email:token), not as a bearer token: use `jira-auth header`',
      EXIT.failed,
    );
  }
  console.log(authorization.slice('Bearer '.length));
}

export function registerHeader(program: Command): void {
  program
    .command('header')
    .description('print the Authorization header value (a secret: for a pipe, not a log)')
    .option('--profile <name>', 'a profile other than the default')
    .action((options: { profile?: string }) => printHeader(options.profile));

  program
    .command('token')
    .description('print the bearer token (a secret: for a pipe, not a log)')
    .option('--profile <name>', 'a profile other than the default')
    .action((options: { profile?: string }) => printToken(options.profile));
}
