// `jira-auth logout`: delete a stored profile and its credentials.
import type { Command } from 'commander';
import { readProfiles, selectProfile, writeProfiles } from '../config.js';
import { oauthKey, oauthStore } from '../jira.js';

export function registerLogout(program: Command): void {
  program
    .command('logout')
    .description('delete a stored profile and its credentials')
    .option('--profile <name>', 'a profile other than the default')
    .action(async (options: { profile?: string }) => {
      const { name } = await selectProfile(options.profile);
      const profiles = await readProfiles();
      const profile = profiles.profiles[name];
      if (profile && 'clientSecret' in profile) await oauthStore().delete(oauthKey(profile));
      delete profiles.profiles[name];
      if (profiles.default === name) delete profiles.default;
      await writeProfiles(profiles);
      console.log(`Logged out of profile ${name}.`);
      if (profile?.method === 'oauth') {
        console.log(
          'The grant itself stays until you revoke it: https://id.atlassian.com/manage-profile/apps',
        );
      }
    });
}
