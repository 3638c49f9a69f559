// Where `login` keeps a secret, tried for real: a D-Bus session with Debian's GNOME Keyring unlocked (`secret-tool`,
// libsecret's own command, reads it back), no D-Bus at all, and a bus that accepts a connection and never answers.
// Each case has its own HOME, config folder and (where there is one) session bus: nothing touches the user's keychain.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const emulator = new Emulator();
const token = DEFAULT_CLOUD_USER.classicToken as string;
const basic = `Basic ${Buffer.from(`${DEFAULT_CLOUD_USER.email}:${token}`).toString('base64')}`;
let home: string;

beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'jira-auth-keychain-'));
  await mkdir(join(home, 'run'), { mode: 0o700 });
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A shell script with the command as `$CLI`, in this case's own HOME and config folder; `env` set or (undefined) unset. */
function sh(script: string, env: Record<string, string | undefined> = {}, session = false): Promise<Ran> {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    JIRA_AUTH_CONFIG_DIR: join(home, 'config'),
    JIRA_AUTH_STORAGE: undefined,
    DBUS_SESSION_BUS_ADDRESS: undefined,
    CLI: cli,
    NODE: process.execPath,
    SITE: emulator.urls.site,
    EMAIL: DEFAULT_CLOUD_USER.email,
    TOKEN: token,
    NO_COLOR: '1',
    ...env,
  };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  // A session bus of its own, with GNOME Keyring started and its default collection unlocked (made on first use).
  const [file, args] = session
    ? [
        'dbus-run-session',
        [
          '--',
          'sh',
          '-ec',
          `printf test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null\n${script}`,
        ],
      ]
    : ['sh', ['-ec', script]];
  const started = Date.now();
  return new Promise((resolve) =>
    execFile(file as string, args as string[], { env: merged }, (error, stdout, stderr) =>
      resolve({
        code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
        ms: Date.now() - started,
      }),
    ),
  );
}

const LOGIN = 'printf "%s\\n" "$TOKEN" | "$NODE" "$CLI" login --api-token --site "$SITE" --email "$EMAIL"';

/** Every file under `dir` whose bytes contain `secret`. */
async function filesHolding(dir: string, secret: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(Buffer.from(secret))) found.push(path);
  }
  return found;
}

describe('with GNOME Keyring on a D-Bus session', () => {
  it('keeps the API token in the keychain, none of it in any file, and logout removes it', async () => {
    const ran = await sh(
      `${LOGIN}
       echo "== status"; "$NODE" "$CLI" status
       echo "== header"; "$NODE" "$CLI" header
       echo "== secret-tool"; secret-tool lookup service jira-auth username default; echo
       echo "== logout"; "$NODE" "$CLI" logout
       echo "== after"; secret-tool lookup service jira-auth username default || echo "no secret"`,
      {},
      true,
    );
    expect(ran.stderr).not.toContain(token);
    expect(ran.code, ran.stderr).toBe(0);
    const [login, status, header, lookup, logout, after] = ran.stdout.split(/^== \S+\n/m);
    expect(login).toContain('secret in keyring');
    expect(status).toMatch(/^ {2}secret {2}keyring$/m);
    expect(header?.trim()).toBe(basic);
    expect(lookup?.trim()).toBe(token);
    expect(logout).toContain('Logged out of profile default');
    expect(after?.trim()).toBe('no secret');
    // The profile (site, email) is in the file; the token nowhere on disk in plain form, the keyring's own included.
    expect(await filesHolding(home, token)).toEqual([]);
  });

  it('a token command stores nothing, in the keychain or the file, and runs each time', async () => {
    const ran = await sh(
      `"$NODE" "$CLI" login --api-token --site "$SITE" --email "$EMAIL" --token-command 'printf "%s\\n" "$TOKEN"' </dev/null
       echo "== header"; "$NODE" "$CLI" header
       echo "== secret-tool"; secret-tool lookup service jira-auth username default || echo "no secret"`,
      {},
      true,
    );
    expect(ran.code, ran.stderr).toBe(0);
    const [login, header, lookup] = ran.stdout.split(/^== \S+\n/m);
    expect(login).toContain('secret in command (nothing stored)');
    expect(header?.trim()).toBe(basic);
    expect(lookup?.trim()).toBe('no secret');
    expect(await filesHolding(home, token)).toEqual([]);
  });
});

describe('with no D-Bus', () => {
  it('logs in within 5 s into the file, and status says so', async () => {
    const ran = await sh(`${LOGIN}\necho "== status"; "$NODE" "$CLI" status`);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.ms).toBeLessThan(5_000);
    const profiles = join(home, 'config', 'profiles.json');
    expect(ran.stdout).toContain(`secret in file (plain text), ${profiles}`);
    expect(ran.stdout).toMatch(new RegExp(`^ {2}secret {2}file \\(plain text\\), ${profiles}$`, 'm'));
    expect(await filesHolding(home, token)).toEqual([profiles]);
  });

  it('fails closed when the keychain is forced, and stores nothing', async () => {
    const ran = await sh(LOGIN, { JIRA_AUTH_STORAGE: 'keyring' });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      'JIRA_AUTH_STORAGE=keyring, and the keychain cannot keep the secret: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)',
    );
    expect(ran.stderr).not.toContain(token);
    expect(await filesHolding(home, token)).toEqual([]);
  });

  it('a profile kept in a keychain that is gone: a clear failure, not a hang, and it can be logged out of', async () => {
    // Logged in with the keychain, then used where there is none (a session ended, another machine's HOME).
    const keyed = await sh(LOGIN, {}, true);
    expect(keyed.stdout).toContain('secret in keyring');
    const ran = await sh('"$NODE" "$CLI" header');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      'jira-auth: the keychain holds the secret of profile default, and there is none here: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set). Log in again to keep it elsewhere\n',
    );
    // Logging out needs no secret: the default profile goes, keychain or not.
    const logout = await sh('"$NODE" "$CLI" logout');
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stdout).toContain('Logged out of profile default.');
  });
});

describe('with a keychain that never answers', () => {
  let silent: Server;
  let address: string;
  beforeAll(async () => {
    // A session bus socket that takes connections and says nothing: a hung D-Bus.
    const socket = join(await mkdtemp(join(tmpdir(), 'jira-auth-bus-')), 'bus');
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(socket, resolve));
    address = `unix:path=${socket},guid=0123456789abcdef0123456789abcdef`;
  });
  afterAll(async () => {
    silent.close();
    await rm(address.replace(/^unix:path=([^,]+),.*$/, '$1'), { force: true });
  });

  it('gives up on it after the timeout and keeps the secret in the file, saying so', async () => {
    const ran = await sh(LOGIN, { DBUS_SESSION_BUS_ADDRESS: address });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('secret in file (plain text)');
  });

  it('fails closed when the keychain is forced, naming the timeout', async () => {
    const ran = await sh(LOGIN, { DBUS_SESSION_BUS_ADDRESS: address, JIRA_AUTH_STORAGE: 'keyring' });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      'JIRA_AUTH_STORAGE=keyring, and the keychain cannot keep the secret: the D-Bus session bus did not answer within 3 s',
    );
    expect(await filesHolding(home, token)).toEqual([]);
  });
});
