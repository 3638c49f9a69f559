// `jira-auth demo`: the bundled emulator, and every command run against it.
import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start the bundled emulator and run every command against it, each login method included')
    .action(async () => {
      const { demo } = await import('../demo.js');
      process.exitCode = await demo();
    });
}
