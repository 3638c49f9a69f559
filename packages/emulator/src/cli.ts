#!/usr/bin/env node
// The package's bin, `jira-auth-emulator` (`npx @jira-auth/emulator`, or `jira-auth emulator` from the CLI
// package): the emulator as a command.
import { emulatorCommand } from './command.js';

await emulatorCommand(process.argv.slice(2));
