// `jira-auth logout`: delete a stored profile and its credentials; `jira-auth use`: choose the default one.
import type { Command } from 'commander';
import { ConfigError, readProfiles, selectStored, writeProfiles } from '../config.js';
import { oauthKey, oauthStore } from '../jira.js';
import { forgetInKeyring } from '../secrets.js';

export function registerUse(program: Command): void {
  program
    .command('use')
    .description('make a stored profile the default')
    .argument('<profile>', 'the profile')
    .action(async (name: string) => {
      const profiles = await readProfiles();
      const stored = Object.keys(profiles.profiles);
      if (!profiles.profiles[name]) {
        throw new ConfigError(
          `no profile named ${name}: pick one of: ${stored.join(', ') || 'none (log in first)'}`,
        );
      }
      profiles.default = name;
      await writeProfiles(profiles);
      console.log(`Profile ${name} is the default now.`);
    });
}

export function registerLogout(program: Command): void {
  program
    .command('logout')
    .description('delete a stored profile and its credentials')
    .option('--profile <name>', 'a profile other than the default')
    .action(async (options: { profile?: string }) => {
      // The profile as stored: logging out needs no secret, so a profile whose keychain is locked or gone (or
      // whose token command fails) can be logged out of too.
      const { name, profile } = await selectStored(options.profile);
      const profiles = await readProfiles();
      if ('clientId' in profile) await oauthStore().delete(oauthKey(profile));
      // Both copies: the keychain's (when there is one) and the file's.
      await forgetInKeyring(name);
      delete profiles.profiles[name];
      if (profiles.default === name) delete profiles.default;
      await writeProfiles(profiles);
      console.log(`Logged out of profile ${name}.`);
      const left = Object.keys(profiles.profiles);
      if (!profiles.default && left.length > 0) {
        console.log(
          `No profile is the default now: \`jira-auth use <profile>\` picks one of: ${left.join(', ')}.`,
        );
      }
      if (profile?.method === 'oauth') {
        console.log(
          'The grant itself stays until you revoke it: https://id.atlassian.com/manage-profile/apps',
        );
      }
    });
}
