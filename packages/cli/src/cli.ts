#!/usr/bin/env node
// `jira-auth`: log in once, then hand a verified credential to any script, shell or agent. A shell prompt or an
// agent may ask for `header`, `token` or `--version` on every call, so those are answered here with only what they
// need (no commander, no prompts, no HTTP client); everything else, help included, goes to the whole program.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The quick answer for these arguments, or undefined when they are the whole program's to parse. */
function quick(args: readonly string[]): (() => Promise<void>) | undefined {
  const [command, ...rest] = args;
  if (rest.length === 0 && (command === '--version' || command === '-V'))
    return async () => console.log(version);
  if (command !== 'header' && command !== 'token') return undefined;
  let profile: string | undefined;
  try {
    ({ profile } = parseArgs({ args: rest, options: { profile: { type: 'string' } }, strict: true }).values);
  } catch {
    return undefined; // --help, or an option the program reports with its usage
  }
  return async () => {
    const { printHeader, printToken } = await import('./commands/header.js');
    await (command === 'header' ? printHeader : printToken)(profile);
  };
}

try {
  await (quick(process.argv.slice(2)) ?? (async () => (await import('./program.js')).run(version)))();
} catch (error) {
  const { outcomeOf } = await import('./exit-codes.js');
  const { message, exitCode } = outcomeOf(error);
  console.error(`jira-auth: ${message}`);
  process.exitCode = exitCode;
}
