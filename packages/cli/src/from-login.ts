// The strategy for a project: the site named in its `.jira-auth.json` (written by `jira-auth init`, committed),
// with the credentials `jira-auth login` stored for that site on this machine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuthStrategy, ConfigurationError } from '@jira-auth/core';
import { readProfiles, type StoredProfile, withSecret } from './config.js';
import { strategyFor } from './jira.js';

export interface FromLoginOptions {
  /** Where `.jira-auth.json` is. @default process.cwd() */
  cwd?: string;
  /** A stored profile to use, instead of the one whose site matches `.jira-auth.json`. */
  profile?: string;
}

const siteOf = (profile: StoredProfile) =>
  new URL('site' in profile ? profile.site : profile.baseUrl).href.replace(/\/$/, '');

/**
 * An `AuthStrategy` from what `jira-auth login` stored for the site of this project's `.jira-auth.json`: pass it to
 * any adapter (`withJiraAuth(axios.create(), await fromLogin())`).
 */
export async function fromLogin(options: FromLoginOptions = {}): Promise<AuthStrategy> {
  const path = join(options.cwd ?? process.cwd(), '.jira-auth.json');
  let facts: { site?: unknown };
  try {
    facts = JSON.parse(await readFile(path, 'utf8')) as { site?: unknown };
  } catch {
    throw new ConfigurationError(
      '.jira-auth.json',
      `could not be read at ${path}: run \`jira-auth init\` in the project, and commit the file`,
    );
  }
  const { profiles, default: fallback } = await readProfiles();
  if (options.profile) {
    const named = profiles[options.profile];
    if (!named)
      throw new ConfigurationError(
        'profile',
        `${options.profile} has no login on this machine: run \`jira-auth login --profile ${options.profile}\``,
      );
    return strategyFor(await withSecret(options.profile, named));
  }
  const site = typeof facts.site === 'string' ? facts.site.replace(/\/$/, '') : undefined;
  const matching = Object.entries(profiles).filter(([, profile]) => siteOf(profile) === site);
  const chosen = matching.find(([name]) => name === fallback) ?? matching[0];
  if (!chosen) {
    throw new ConfigurationError(
      'profile',
      `for ${site ?? 'the site of .jira-auth.json'} has no login on this machine: run \`jira-auth login\` for it`,
    );
  }
  return strategyFor(await withSecret(...chosen));
}
