// The whole command: commander with every command registered (one file each under commands/, each loading what
// only it needs when it runs). cli.ts loads this for everything but the quick answers a prompt asks for.
import { Command } from 'commander';
import { registerApi } from './commands/api.js';
import { registerDemo } from './commands/demo.js';
import { registerHeader } from './commands/header.js';
import { registerInit } from './commands/init.js';
import { registerLogin } from './commands/login/index.js';
import { registerLogout, registerUse } from './commands/logout.js';
import { registerStatus } from './commands/status.js';
import { registerTypes } from './commands/types.js';
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
    registerUse,
    registerLogout,
  ])
    register(program);
  return program;
}

export async function run(version: string): Promise<void> {
  try {
    await program(version).parseAsync();
  } finally {
    stopReading();
  }
}
