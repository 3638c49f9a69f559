// What every command shares at the terminal: failures with their exit code, spinners, secrets read without echo,
// profiles saved, and who an account is.

import { ENV } from '@jira-auth/core';
import {
  configDir,
  type Endpoints,
  type Profile,
  readProfiles,
  SECRET_FIELD,
  type StoredProfile,
  writeProfiles,
} from './config.js';
import { EXIT, Failure } from './exit-codes.js';
import type { NetworkFiles } from './network.js';
import { forgetInKeyring, fromCommand, keepInKeyring, STORAGE_LABEL, type Storage } from './secrets.js';

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

/**
 * A secret from the user's command (`--token-command`), a prompt that does not echo it, or standard input (its first
 * line): never from an argument.
 */
export async function readSecret(label: string, command?: string): Promise<string> {
  if (command) return fromCommand(command, `${label} (--token-command)`);
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

/**
 * Stores a profile under `name` (the first one stored becomes the default), its secret in the keychain when one
 * answers, else in the file; with a token command, the command instead of the secret. Says where the secret went.
 */
export async function save(
  name: string,
  profile: Profile,
  secretCommand?: string,
  network: NetworkFiles = {},
): Promise<Storage> {
  const profiles = await readProfiles();
  const field = SECRET_FIELD[profile.method];
  const { [field]: secret, ...rest } = profile as Profile & Record<string, string>;
  // The TLS files' paths, when login was given some: every later command on this profile uses them.
  const files = Object.keys(network).length > 0 ? { network } : {};
  let storage: Storage = 'file';
  let stored = { ...profile, ...files } as StoredProfile;
  if (secretCommand) {
    storage = 'command';
    stored = { ...rest, ...files, secretCommand } as StoredProfile;
  } else if (await keepInKeyring(name, String(secret))) {
    storage = 'keyring';
    stored = { ...rest, ...files, keyring: true } as StoredProfile;
  }
  // A copy an earlier login of this profile left in the keychain, which this one does not use.
  if (storage !== 'keyring' && profiles.profiles[name]?.keyring) await forgetInKeyring(name);
  profiles.profiles[name] = stored;
  profiles.default ??= name;
  await writeProfiles(profiles);
  return storage;
}

/** Where a profile's secret is, as `login` and `status` say it. */
export const storedIn = (storage: Storage) =>
  storage === 'file' ? `${STORAGE_LABEL.file}, ${configDir()}/profiles.json` : STORAGE_LABEL[storage];

export const who = (account: { displayName?: string; emailAddress?: string; name?: string } | undefined) =>
  `${account?.displayName ?? account?.name ?? 'unknown'}${account?.emailAddress ? ` <${account.emailAddress}>` : ''}`;
