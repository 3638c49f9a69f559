#!/usr/bin/env node
// `jira-auth`: log in once, then hand a verified credential to any script, shell or agent. This file only registers
// the commands (one file each under commands/) and turns a failure into its message and exit code.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerApi } from './commands/api.js';
import { registerDemo } from './commands/demo.js';
import { registerHeader } from './commands/header.js';
import { registerInit } from './commands/init.js';
import { registerLogin } from './commands/login/index.js';
import { registerLogout, registerUse } from './commands/logout.js';
import { registerStatus } from './commands/status.js';
import { registerTypes } from './commands/types.js';
import { outcomeOf } from './exit-codes.js';
import { stopReading } from './terminal.js';

/**
 * An option's value never goes into an error: `--api-token=VALUE` (a flag given a value) would otherwise be echoed
 * back by "unknown option", into the terminal and CI logs.
 */
const withoutOptionValues = (text: string) =>
  text.replace(/(--?[A-Za-z][\w-]*)=\S*?(?=['"]?(?:\s|$))/g, '$1=…');

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

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

try {
  await program.parseAsync();
} catch (error) {
  const { message, exitCode } = outcomeOf(error);
  console.error(`jira-auth: ${message}`);
  process.exitCode = exitCode;
} finally {
  stopReading();
}
