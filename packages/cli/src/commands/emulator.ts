// `jira-auth emulator`: the bundled emulator, by the CLI's own (scoped) package, so that no one needs an unscoped
// `npx jira-auth-emulator` (a name anyone could publish). Its options are the emulator's own.
import type { Command } from 'commander';

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description(
      'start the bundled emulator (Jira Cloud, its gateway and auth server, Data Center, on 127.0.0.1) and print its URLs, credentials and environment lines; see jira-auth emulator --help',
    )
    .argument('[options...]', '--port N, --cloud-id ID, --json, --help')
    .helpOption(false)
    .allowUnknownOption()
    .action(async (options: string[]) => {
      const { emulatorCommand } = await import('@jira-auth/emulator');
      await emulatorCommand(options, 'jira-auth emulator');
    });
}
