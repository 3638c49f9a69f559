// Where a profile's secret (API token, personal access token, OAuth client secret) is kept: the OS keychain when one
// answers, else the profiles file (mode 0600, plain text, and said so); or nowhere, when the user's own command (pass,
// 1Password's op, a vault client) hands it over each time. OAuth token sets are not secrets of this kind: they rotate
// hourly and need the file store's lock shared by every process, so they stay in tokens.json.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { EXIT, Failure } from './failure.js';

/** Where a profile's secret is: what `login` and `status` print. */
export type Storage = 'keyring' | 'file' | 'command';
export const STORAGE_LABEL: Record<Storage, string> = {
  keyring: 'keyring',
  file: 'file (plain text)',
  command: 'command (nothing stored)',
};

/** The keychain entries' service name; each profile is an account under it. */
export const KEYRING_SERVICE = 'jira-auth';
/** Every keychain call gives up after this long: a locked or absent keychain must not hang a prompt or a script. */
const KEYRING_TIMEOUT_MS = 3_000;
/** A token command that has printed nothing after this long (waiting for a prompt nobody sees) is stopped. */
const COMMAND_TIMEOUT_MS = 60_000;

/** `JIRA_AUTH_STORAGE`: `keyring` (fail when there is none) or `file`; unset, the keychain when one answers. */
export function forcedStorage(env: NodeJS.ProcessEnv = process.env): 'keyring' | 'file' | undefined {
  const value = env.JIRA_AUTH_STORAGE;
  if (value === undefined || value === '') return undefined;
  if (value === 'keyring' || value === 'file') return value;
  throw new Failure(`JIRA_AUTH_STORAGE is keyring or file, not ${JSON.stringify(value)}`, EXIT.failed);
}

interface Keyring {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Why there is no keychain here, for the message of a forced `JIRA_AUTH_STORAGE=keyring`. */
let absence = '';
let opened: Promise<Keyring | undefined> | undefined;

/**
 * The OS keychain, or undefined when there is none: the optional `@napi-rs/keyring` binding not installed, no session
 * bus (Linux, BSD: the Secret Service is reached over D-Bus), or a bus that does not answer within the timeout.
 */
export function keyring(): Promise<Keyring | undefined> {
  opened ??= openKeyring();
  return opened;
}

async function openKeyring(): Promise<Keyring | undefined> {
  const linuxLike = process.platform !== 'darwin' && process.platform !== 'win32';
  // The binding connects to the bus synchronously, in its constructor: a bus that accepts and never answers would
  // block this process for good, past any timer. So the bus is asked first, here, where a timer can end the wait.
  if (linuxLike) {
    const answer = await sessionBusAnswers(process.env.DBUS_SESSION_BUS_ADDRESS);
    if (answer !== true) {
      absence = answer;
      return undefined;
    }
  }
  let binding: typeof import('@napi-rs/keyring');
  try {
    binding = await import('@napi-rs/keyring');
  } catch {
    absence = 'the optional @napi-rs/keyring binding is not installed';
    return undefined;
  }
  // Linux: the Secret Service only (GNOME Keyring, KWallet), never the kernel keyring the binding falls back to by
  // default, which forgets everything at logout.
  const entry = (account: string) =>
    new binding.AsyncEntry(KEYRING_SERVICE, account, { linux: { store: 'secret-service' } });
  return {
    get: (account) => timed((signal) => entry(account).getPassword(signal)),
    set: (account, secret) => timed((signal) => entry(account).setPassword(secret, signal)),
    delete: (account) => timed((signal) => entry(account).deleteCredential(signal)),
  };
}

/** A keychain call with its deadline: aborted (when the binding can) and given up on after the timeout. */
async function timed<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`the keychain did not answer within ${KEYRING_TIMEOUT_MS / 1000} s`));
    }, KEYRING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * True when the session bus (the first `unix:` address of `DBUS_SESSION_BUS_ADDRESS`) answers the first step of
 * D-Bus's handshake (AUTH EXTERNAL) within the timeout; else why not. Only the handshake's first line is read:
 * enough to know that a bus is there and alive, before the binding's blocking connect.
 */
async function sessionBusAnswers(address: string | undefined): Promise<true | string> {
  if (!address) return 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)';
  const socket = address
    .split(';')
    .map((entry) => /^unix:(.*)$/.exec(entry)?.[1])
    .filter((params): params is string => params !== undefined)
    .map((params) => Object.fromEntries(params.split(',').map((pair) => pair.split('=', 2))))
    .map((params: Record<string, string>) =>
      params.path
        ? decodeURIComponent(params.path)
        : params.abstract
          ? `\0${decodeURIComponent(params.abstract)}`
          : undefined,
    )
    .find((path) => path !== undefined);
  // Another transport (tcp:, launchd:): left to the binding, as it is.
  if (socket === undefined) return true;
  return new Promise((resolve) => {
    const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
    const connection = connect(socket);
    const done = (result: true | string) => {
      clearTimeout(timer);
      connection.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done(`the D-Bus session bus did not answer within ${KEYRING_TIMEOUT_MS / 1000} s`),
      KEYRING_TIMEOUT_MS,
    );
    connection.on('connect', () => connection.write(`\0AUTH EXTERNAL ${uid}\r\n`));
    connection.on('data', (data) =>
      done(
        /^(OK|REJECTED)\b/.test(data.toString('latin1')) ? true : 'the D-Bus session bus answered garbage',
      ),
    );
    connection.on('error', (error) => done(`the D-Bus session bus cannot be reached (${error.message})`));
    connection.on('close', () => done('the D-Bus session bus closed the connection'));
  });
}

/**
 * Keeps a profile's secret in the keychain; false when there is none (or it failed), and the caller keeps it in the
 * file. `JIRA_AUTH_STORAGE=file` skips the keychain; `=keyring` fails instead of falling back.
 */
export async function keepInKeyring(account: string, secret: string): Promise<boolean> {
  const forced = forcedStorage();
  if (forced === 'file') return false;
  const chain = await keyring();
  try {
    if (!chain) throw new Error(absence);
    await chain.set(account, secret);
    return true;
  } catch (error) {
    if (forced === 'keyring') {
      throw new Failure(
        `JIRA_AUTH_STORAGE=keyring, and the keychain cannot keep the secret: ${(error as Error).message}. Unlock or start the keychain (on Linux: a Secret Service such as GNOME Keyring, on a D-Bus session), or unset JIRA_AUTH_STORAGE to keep it in the file`,
        EXIT.failed,
      );
    }
    return false;
  }
}

/** A profile's secret from the keychain: a clear failure when the keychain cannot give it. */
export async function fromKeyring(account: string): Promise<string> {
  const chain = await keyring();
  if (!chain) {
    throw new Failure(
      `the keychain holds the secret of profile ${account}, and there is none here: ${absence}. Log in again to keep it elsewhere`,
      EXIT.notConfigured,
    );
  }
  const secret = await chain.get(account).catch((error: Error) => {
    throw new Failure(
      `the keychain holds the secret of profile ${account}, and cannot give it: ${error.message}. Unlock it, or log in again`,
      EXIT.notConfigured,
    );
  });
  if (secret === null) {
    throw new Failure(
      `the keychain has no secret for profile ${account} (removed by hand?): log in again`,
      EXIT.notConfigured,
    );
  }
  return secret;
}

/** Removes a profile's secret from the keychain, when there is one there; never fails the caller. */
export async function forgetInKeyring(account: string): Promise<void> {
  if (forcedStorage() === 'file') return;
  const chain = await keyring();
  await chain?.delete(account).catch(() => undefined);
}

/**
 * The secret the user's command prints on standard output (its last line break dropped): run through the shell,
 * each time it is needed, its standard input and error left to the terminal (for its own prompt). What it prints is
 * never shown, even when it fails.
 */
export async function fromCommand(command: string, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['inherit', 'pipe', 'inherit'],
      timeout: COMMAND_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) =>
      reject(new Failure(`the ${what} command could not run (${error.message})`, EXIT.notConfigured)),
    );
    child.on('close', (code, signal) => {
      const secret = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
      if (code !== 0) {
        reject(
          new Failure(
            `the ${what} command ${signal ? `was stopped (${signal}${signal === 'SIGKILL' ? `: no answer within ${COMMAND_TIMEOUT_MS / 1000} s` : ''})` : `exited with ${code}`}: run it yourself to see why`,
            EXIT.notConfigured,
          ),
        );
      } else if (!secret.trim()) {
        reject(new Failure(`the ${what} command printed nothing on standard output`, EXIT.notConfigured));
      } else resolve(secret);
    });
  });
}
