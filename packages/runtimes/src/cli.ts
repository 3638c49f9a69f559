// Entry for Deno and Bun: the config comes as the first argument (JSON), the results go to stdout as JSON.
import { type RuntimeConfig, runCases } from './cases.js';

declare const Deno: { args: string[] } | undefined;
const args = typeof Deno !== 'undefined' ? Deno.args : process.argv.slice(2);
const config = JSON.parse(args[0] ?? '{}') as RuntimeConfig;
console.log(JSON.stringify(await runCases(config)));
