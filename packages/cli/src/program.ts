// The whole command: commander with every command registered (one file each under commands/, each loading what
// only it needs when it runs). cli.ts loads this for everything but the quick answers a prompt asks for.

import { readFileSync } from 'node:fs';
import tab from '@bomb.sh/tab/commander';
import { Command } from 'commander';
import { registerApi } from './commands/api.js';
import { registerDemo } from './commands/demo.js';
import { registerEmulator } from './commands/emulator.js';
import { registerHeader } from './commands/header.js';
import { registerInit } from './commands/init.js';
import { registerLogin } from './commands/login/index.js';
import { registerLogout, registerUse } from './commands/logout.js';
import { registerStatus } from './commands/status.js';
import { registerTypes } from './commands/types.js';
import { type Profiles, profilesFile } from './config.js';
import { stopReading } from './terminal.js';

/**
 * An option's value never goes into an error: `--api-token=VALUE` (a flag given a value) would otherwise be echoed
 * back by "unknown option", into the terminal and CI logs.
 */
const withoutOptionValues = (text: string) =>
  text.replace(/(--?[A-Za-z][\w-]*)=\S*?(?=['"]?(?:\s|$))/g, '$1=…');

/** The program with every command, as `completion` also reads it. */
export function program(version: string): Command {
  const program = new Command('jira-auth')
    .description('Log in to Jira once; then every script, shell and agent can call it.')
    .version(version, '-V, --version', 'print the version')
    // Subcommands made after this inherit it.
    .configureOutput({ outputError: (text, write) => write(withoutOptionValues(text)) })
    .showHelpAfterError();
  for (const register of [
    registerLogin,
    registerStatus,
    registerHeader,
    registerApi,
    registerInit,
    registerTypes,
    registerDemo,
    registerEmulator,
    registerUse,
    registerLogout,
  ])
    register(program);
  completions(program);
  return program;
}

/**
 * `jira-auth completion bash|zsh|fish|powershell` prints the shell's script (tab's), which asks the command itself
 * (`jira-auth complete -- <words>`) for commands, options and the stored profiles' names.
 */
function completions(program: Command): void {
  const root = tab(program, { completionCommandName: 'completion' });
  program.commands
    .find((command) => command.name() === 'completion')
    ?.description('print the shell completion script: bash, zsh, fish or powershell');
  // tab's handlers are synchronous: the profiles file is read as it is, and nothing offered when it cannot be.
  const profiles = (complete: (value: string, description: string) => void) => {
    let stored: Profiles = { profiles: {} };
    try {
      stored = JSON.parse(readFileSync(profilesFile(), 'utf8')) as Profiles;
    } catch {}
    for (const [name, profile] of Object.entries(stored.profiles ?? {})) {
      const where = 'site' in profile ? profile.site : profile.baseUrl;
      complete(name, `${where}${name === stored.default ? ' (default)' : ''}`);
    }
  };
  for (const command of root.commands.values()) {
    const option = command.options.get('profile');
    if (option) option.handler = profiles;
    const argument = command.arguments.get('profile');
    if (argument) argument.handler = profiles;
  }
}

export async function run(version: string): Promise<void> {
  try {
    await program(version).parseAsync();
  } finally {
    stopReading();
  }
}
