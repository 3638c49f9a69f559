// What every command shares at the terminal: failures with their exit code, spinners, secrets read without echo,
// profiles saved, and who an account is.
import { ENV } from '@jira-auth/core';
import { type Endpoints, type Profile, readProfiles, writeProfiles } from './config.js';
import { EXIT, Failure } from './exit-codes.js';

export { Failure };

export const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);

/** A spinner on a terminal; nothing when the output is read by a program. */
export async function step<T>(message: string, work: () => Promise<T>): Promise<T> {
  if (!interactive) return work();
  const { spinner } = await import('@clack/prompts');
  const spin = spinner();
  spin.start(message);
  try {
    const result = await work();
    spin.stop(message);
    return result;
  } catch (error) {
    spin.stop(`${message}: failed`);
    throw error;
  }
}

/** Standard input, a line at a time, shared: a piped secret is its first line, a pasted callback URL a later one. */
let reader: { lines: AsyncIterator<string>; close(): void } | undefined;
export async function nextLine(): Promise<string | undefined> {
  if (!reader) {
    const { createInterface } = await import('node:readline');
    const input = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    reader = { lines: input[Symbol.asyncIterator](), close: () => input.close() };
  }
  const next = await reader.lines.next();
  return next.done ? undefined : next.value;
}

/** Stops reading standard input, so that a terminal left open does not keep the command running. */
export function stopReading(): void {
  if (!reader) return;
  reader.close();
  process.stdin.unref?.();
}

/** A secret from a prompt that does not echo it, or from standard input (its first line): never from an argument. */
export async function readSecret(label: string): Promise<string> {
  if (process.stdin.isTTY) {
    const { isCancel, password } = await import('@clack/prompts');
    const value = await password({ message: label });
    if (isCancel(value)) throw new Failure('cancelled', EXIT.failed);
    return value;
  }
  const value = (await nextLine()) ?? '';
  if (!value) throw new Failure(`${label}: nothing on standard input`, EXIT.failed);
  return value;
}

/**
 * For the emulator: where Atlassian's gateway and auth server are. The same variables `fromEnv()` reads and the
 * emulator prints (`JIRA_AUTH_TEST_API_URL`, `JIRA_AUTH_TEST_AUTH_URL`), so following its lines works for both.
 */
export function endpointsFromEnv(): Endpoints | undefined {
  const api = process.env[ENV.testApiUrl];
  const auth = process.env[ENV.testAuthUrl];
  return api && auth ? { api, auth } : undefined;
}

/** Stores a profile under `name`; the first one stored becomes the default. */
export async function save(name: string, profile: Profile): Promise<void> {
  const profiles = await readProfiles();
  profiles.profiles[name] = profile;
  profiles.default ??= name;
  await writeProfiles(profiles);
}

export const who = (account: { displayName?: string; emailAddress?: string; name?: string } | undefined) =>
  `${account?.displayName ?? account?.name ?? 'unknown'}${account?.emailAddress ? ` <${account.emailAddress}>` : ''}`;
