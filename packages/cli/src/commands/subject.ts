// What `status` and `init` verify: a stored profile, or the `JIRA_*` environment; and its stored OAuth tokens.
import { fromEnv } from '@jira-auth/core';
import { ConfigError, type Profile, selectProfile } from '../config.js';
import { oauthKey, oauthStore, strategyFor } from '../jira.js';
import { networkFromEnv, useNetwork } from '../network.js';
import { fromCommand, type Storage } from '../secrets.js';

/** How `status` names each login method. */
const METHODS: Record<Profile['method'], (profile: Profile) => string> = {
  pat: () => 'personal-access-token',
  'dc-oauth': () => 'oauth2 (Data Center)',
  oauth: () => 'oauth2 (3LO)',
  'api-token': (profile) =>
    profile.method === 'api-token' && profile.scoped ? 'api-token (scoped)' : 'api-token (classic)',
};

/** A secret's variable, and the one naming a command that prints it (pass, op read, a vault client). */
const SECRET_COMMANDS = [
  ['JIRA_API_TOKEN', 'JIRA_API_TOKEN_COMMAND'],
  ['JIRA_PAT', 'JIRA_PAT_COMMAND'],
  ['JIRA_CLIENT_SECRET', 'JIRA_CLIENT_SECRET_COMMAND'],
] as const;

/**
 * A stored profile, or (when none is stored and none is named) the `JIRA_*` environment that `fromEnv()` reads; a
 * `JIRA_*_COMMAND` variable stands for its secret, run each time.
 */
export async function subjectOf(name: string | undefined) {
  try {
    const { name: chosen, profile, storage, network } = await selectProfile(name);
    // The TLS files the profile keeps, unless the environment names others; and the proxy variables.
    await useNetwork({ ...network, ...networkFromEnv() });
    return {
      name: chosen,
      profile,
      storage: storage as Storage | 'environment',
      method: METHODS[profile.method](profile),
      site: 'site' in profile ? profile.site : profile.baseUrl,
      strategy: strategyFor(profile),
      dataCenter: profile.method === 'pat' || profile.method === 'dc-oauth',
    };
  } catch (error) {
    // A site, or (a service account) its cloudId alone.
    if (
      !(error instanceof ConfigError) ||
      (name ?? process.env.JIRA_AUTH_PROFILE) ||
      !(process.env.JIRA_BASE_URL || process.env.JIRA_CLOUD_ID)
    )
      throw error;
    await useNetwork(networkFromEnv());
    const env = { ...process.env };
    let storage: Storage | 'environment' = 'environment';
    for (const [variable, command] of SECRET_COMMANDS) {
      const line = env[command];
      if (env[variable] || !line) continue;
      env[variable] = await fromCommand(line, command);
      storage = 'command';
    }
    const { JIRA_PAT, JIRA_PASSWORD, JIRA_CLIENT_ID, JIRA_API_TOKEN, JIRA_CLOUD_ID, JIRA_BASE_URL } = env;
    const method = JIRA_PAT
      ? 'personal-access-token (JIRA_PAT)'
      : JIRA_PASSWORD
        ? 'password (JIRA_PASSWORD)'
        : JIRA_CLIENT_ID && !JIRA_API_TOKEN
          ? 'oauth2 (JIRA_CLIENT_ID)'
          : 'api-token (JIRA_API_TOKEN)';
    const strategy = fromEnv({ env });
    return {
      name: 'environment',
      profile: undefined,
      storage,
      method,
      site: JIRA_BASE_URL ?? (await strategy.baseUrl()).href.replace(/\/$/, ''),
      strategy,
      // A PAT and a username with a password are Data Center's; OAuth is, as fromEnv() decides, without a cloudId
      // and with a base URL that is not an atlassian.net site.
      dataCenter: Boolean(
        JIRA_PAT ||
          JIRA_PASSWORD ||
          (JIRA_CLIENT_ID &&
            !JIRA_API_TOKEN &&
            !JIRA_CLOUD_ID &&
            !/\.atlassian\.net\/?$/i.test(JIRA_BASE_URL ?? '')),
      ),
    };
  }
}

/** The OAuth token set a profile keeps in the file store; undefined for the other methods. */
export async function storedTokens(profile: Profile | undefined) {
  return profile && 'clientSecret' in profile ? oauthStore().get(oauthKey(profile)) : undefined;
}
