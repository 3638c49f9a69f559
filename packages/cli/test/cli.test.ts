// The built `jira-auth` command, run as a child process against the emulator, as a user's shell runs it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteFile } from '@jira-auth/core/site';
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
} from '@jira-auth/emulator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromLogin } from '../src/index.js';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const emulator = new Emulator();
let configDir: string;
const printed: string[] = [];

beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'jira-auth-cli-'));
  emulator.reset();
});

/** Logins started in the background: ended after each case, so a failed case leaves no port taken. */
const logins: ChildProcess[] = [];
afterEach(() => {
  for (const child of logins.splice(0)) if (child.exitCode === null) child.kill();
});

const environment = () => ({
  ...process.env,
  JIRA_AUTH_CONFIG_DIR: configDir,
  // The file, whatever keychain the machine running the tests has (keychain.test.ts tries the keychain).
  JIRA_AUTH_STORAGE: 'file',
  JIRA_AUTH_TEST_API_URL: emulator.endpoints.api,
  JIRA_AUTH_TEST_AUTH_URL: emulator.endpoints.auth,
  NO_COLOR: '1',
});

/**
 * `jira-auth login --client-id ...` in the background: resolves with the consent URL it printed, and a promise of its
 * end. The test then plays the browser.
 */
async function startOAuthLogin(
  port = 8976,
  extra = ['--site', emulator.urls.site],
  app = DEFAULT_OAUTH_CLIENT,
  /** Keep standard input open after the secret, for a line pasted later (`child.stdin.end(line)`). */
  paste = false,
) {
  const child = spawn(
    process.execPath,
    [cli, 'login', '--client-id', app.clientId, '--port', String(port), '--no-browser', ...extra],
    {
      env: environment(),
    },
  );
  if (paste) child.stdin.write(`${app.clientSecret}\n`);
  else child.stdin.end(`${app.clientSecret}\n`);
  logins.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      printed.push(stdout, stderr);
      resolve({ code: code ?? 1, stdout, stderr });
    }),
  );
  for (let i = 0; i < 400 && !/https?:\/\/\S+authorize\S*/.test(stderr) && child.exitCode === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const consent = /https?:\/\/\S+authorize\S*/.exec(stderr)?.[0];
  return { consent, done, stderr: () => stderr, child };
}

/** What the browser does after the consent screen: follow the redirect to the loopback server. */
const comeBack = (callback: string) => fetch(callback.replace('//localhost:', '//127.0.0.1:'));

/** Runs the command; `input` is what is piped to it. Resolves with its exit code and output, never rejects. */
function run(
  args: string[],
  input = '',
  cwd?: string,
  /** Variables to set, or with `undefined` to unset. */
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const merged: Record<string, string | undefined> = { ...environment(), ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { env: merged, ...(cwd ? { cwd } : {}) },
      (error, stdout, stderr) => {
        if (!['token', 'header'].includes(args[0] ?? '')) printed.push(stdout, stderr);
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

const classic = DEFAULT_CLOUD_USER.classicToken as string;
const scoped = DEFAULT_CLOUD_USER.scopedToken as string;
const pat = DEFAULT_DC_USER.pat as string;
const loginCloud = (token: string) =>
  run(
    ['login', '--api-token', '--site', emulator.urls.site, '--email', DEFAULT_CLOUD_USER.email],
    `${token}\n`,
  );

describe('jira-auth', () => {
  it('status before any login: exit 2, says how to log in', async () => {
    const result = await run(['status']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not logged in: run `jira-auth login --api-token`');
  });

  it('login --api-token finds a classic token works on the site; status verifies it', async () => {
    const login = await loginCloud(classic);
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain(
      `Logged in as Ada Lovelace <ada@example.com> with a classic API token (profile default; secret in file (plain text), ${configDir}/profiles.json).`,
    );
    const file = join(configDir, 'profiles.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const status = await run(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      profile: 'default',
      method: 'api-token (classic)',
      site: emulator.urls.site,
      baseUrl: `${emulator.urls.site}/`,
      account: { id: DEFAULT_CLOUD_USER.accountId, displayName: 'Ada Lovelace', email: 'ada@example.com' },
      secretStorage: 'file',
      expiresAt: null,
      tokenExpiresOn: null,
      scopes: null,
    });
    expect((await run(['status'])).stdout).toContain(`  secret  file (plain text), ${file}\n`);
    const header = await run(['header']);
    expect(header.stdout.trim()).toBe(
      `Basic ${Buffer.from(`${DEFAULT_CLOUD_USER.email}:${classic}`).toString('base64')}`,
    );
    expect((await run(['token'])).code).toBe(1);
  });

  it('login --api-token finds a scoped token only works through the gateway, and says so', async () => {
    const login = await loginCloud(scoped);
    expect(login.stdout).toContain('with a scoped API token');
    const status = JSON.parse((await run(['whoami', '--json'])).stdout);
    expect(status).toMatchObject({ method: 'api-token (scoped)', baseUrl: `${emulator.urls.gateway}` });
  });

  it('a rejected token: exit 3, nothing stored', async () => {
    const login = await loginCloud('ATATT-not-a-valid-token-0000');
    expect(login.code).toBe(3);
    expect(login.stderr).toContain(
      'as a classic and as a scoped token: check the email (ada@example.com) and the token; API tokens also expire',
    );
    expect((await run(['status'])).code).toBe(2);
  });

  it('a wrong token with the gateway out of reach: the site refused it, said first, not a network error', async () => {
    const login = await run(
      ['login', '--api-token', '--site', emulator.urls.site, '--email', DEFAULT_CLOUD_USER.email],
      'ATATT-not-a-valid-token-0000\n',
      undefined,
      { JIRA_AUTH_TEST_API_URL: 'http://127.0.0.1:1' },
    );
    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(
      /^jira-auth: the site refused the token \(401\), and the gateway, where a scoped token would work, could not be reached \(.+\): check the email \(ada@example\.com\) and the token, which may have expired\n$/,
    );
    expect((await run(['status'])).code).toBe(2);
  });

  it('login --data-center: a PAT; token and header print it; logout forgets it', async () => {
    const login = await run(
      ['login', '--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'dc'],
      pat,
    );
    expect(login.stdout).toContain(
      `Logged in as Grace Hopper <grace@example.com> with a personal access token (profile dc; secret in file (plain text), ${configDir}/profiles.json).`,
    );
    expect((await run(['token', '--profile', 'dc'])).stdout.trim()).toBe(pat);
    expect((await run(['header', '--profile', 'dc'])).stdout.trim()).toBe(`Bearer ${pat}`);
    expect((await run(['status', '--profile', 'dc'])).stdout).toContain('Grace Hopper');
    expect((await run(['logout', '--profile', 'dc'])).stdout).toContain('Logged out of profile dc.');
    expect((await run(['status', '--profile', 'dc'])).code).toBe(2);
  });

  it('profiles: JIRA_AUTH_PROFILE picks one, `use` makes one the default, logging out of the default names the rest', async () => {
    await loginCloud(classic);
    expect(
      (await run(['login', '--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'dc'], pat))
        .code,
    ).toBe(0);
    const viaEnv = await run(['status', '--json'], '', undefined, { JIRA_AUTH_PROFILE: 'dc' });
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ profile: 'dc', method: 'personal-access-token' });
    const missing = await run(['status'], '', undefined, { JIRA_AUTH_PROFILE: 'nope' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no profile named nope (JIRA_AUTH_PROFILE)');
    expect((await run(['use', 'dc'])).stdout).toContain('Profile dc is the default now.');
    expect(JSON.parse((await run(['status', '--json'])).stdout).profile).toBe('dc');
    expect((await run(['use', 'nope'])).stderr).toContain('no profile named nope: pick one of: default, dc');
    const logout = await run(['logout']);
    expect(logout.stdout).toContain(
      'No profile is the default now: `jira-auth use <profile>` picks one of: default.',
    );
    const status = await run(['status']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('no default profile: pick one with `jira-auth use <profile>`');
    expect((await run(['status', '--help'])).stdout).toContain(
      'Exit codes: 0 verified, 2 not logged in (or a corrupt profiles file), 3 credentials rejected (log in again), 4 Jira unreachable',
    );
    expect((await run(['init', '--help'])).stdout).toContain('5 --check found drift');
    const version = await run(['--version']);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')).version,
    );
  });

  it('an API token expiry given at login: status shows it, warns two weeks ahead, and names it once Jira refuses', async () => {
    const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const login = (expires: string) =>
      run(
        [
          'login',
          '--api-token',
          '--site',
          emulator.urls.site,
          '--email',
          DEFAULT_CLOUD_USER.email,
          '--expires',
          expires,
        ],
        `${classic}\n`,
      );
    const wrong = await login('2027-02-30');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      '--expires takes the day the token expires, as YYYY-MM-DD (e.g. 2027-03-31), not 2027-02-30',
    );
    expect((await login(day(100))).code).toBe(0);
    const later = await run(['status']);
    expect(later.stdout).toContain(`token   expires on ${day(100)}`);
    expect(later.stderr).toBe('');
    expect((await login(day(7))).code).toBe(0);
    const soon = await run(['status', '--json']);
    expect(JSON.parse(soon.stdout).tokenExpiresOn).toBe(day(7));
    expect(soon.stderr).toContain(
      `the API token of profile default expires on ${day(7)} (in 7 days): make a new one at https://id.atlassian.com/manage-profile/security/api-tokens`,
    );
    // Past its day, Jira refuses it: the message says why, before "log in again".
    expect((await login(day(-2))).code).toBe(0);
    const profiles = JSON.parse(await readFile(join(configDir, 'profiles.json'), 'utf8'));
    profiles.profiles.default.apiToken = 'ATATT-expired-token';
    await writeFile(join(configDir, 'profiles.json'), JSON.stringify(profiles), { mode: 0o600 });
    const expired = await run(['status']);
    expect(expired.code).toBe(3);
    expect(expired.stderr).toContain(`the API token expired on ${day(-2)}: make a new one at`);
  });

  it("a Data Center PAT's expiry, as Jira lists it: status shows it, and warns from two weeks ahead", async () => {
    expect((await run(['login', '--data-center', '--base-url', emulator.urls.dataCenter], pat)).code).toBe(0);
    expect(JSON.parse((await run(['status', '--json'])).stdout).tokenExpiresOn).toBe(
      DEFAULT_DC_USER.patExpiringAt.slice(0, 10),
    );
    const soon = new Date(Date.now() + 3 * 86_400_000);
    const linus = {
      username: 'linus',
      password: 'linus-password',
      displayName: 'Linus Torvalds',
      email: 'linus@example.com',
      pat: 'expiring-personal-access-token',
      patExpiringAt: soon.toISOString(),
    };
    emulator.dataCenterUsers.push(linus);
    try {
      const login = await run(
        ['login', '--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'linus'],
        linus.pat,
      );
      expect(login.code, login.stderr).toBe(0);
      const status = await run(['status', '--profile', 'linus']);
      expect(status.stdout).toContain(`token   expires on ${soon.toISOString().slice(0, 10)}`);
      expect(status.stderr).toContain(
        `the personal access token of profile linus expires on ${soon.toISOString().slice(0, 10)} (in 3 days): make a new one in Jira`,
      );
      expect(emulator.requests({ path: '/rest/pat/latest/tokens' }).at(-1)?.headers.authorization).toBe(
        `Bearer ${linus.pat}`,
      );
    } finally {
      emulator.dataCenterUsers.splice(emulator.dataCenterUsers.indexOf(linus), 1);
    }
  });

  it('a secret command in the environment stands for the secret: run each time, what it prints never shown', async () => {
    const env = {
      JIRA_BASE_URL: emulator.urls.site,
      JIRA_USER_EMAIL: DEFAULT_CLOUD_USER.email,
      JIRA_API_TOKEN_COMMAND: `printf '%s\\n' ${classic}`,
    };
    const header = await run(['header'], '', undefined, env);
    expect(header.stdout.trim()).toBe(
      `Basic ${Buffer.from(`${DEFAULT_CLOUD_USER.email}:${classic}`).toString('base64')}`,
    );
    const status = await run(['status', '--json'], '', undefined, env);
    expect(JSON.parse(status.stdout)).toMatchObject({
      method: 'api-token (JIRA_API_TOKEN)',
      secretStorage: 'command',
    });
    const failing = await run(['header'], '', undefined, {
      ...env,
      JIRA_API_TOKEN_COMMAND: `echo ${classic}; exit 3`,
    });
    expect(failing.code).toBe(2);
    expect(failing.stderr).toBe(
      'jira-auth: the JIRA_API_TOKEN_COMMAND command exited with 3: run it yourself to see why\n',
    );
    expect(failing.stdout).toBe('');
    const silent = await run(['status'], '', undefined, { ...env, JIRA_API_TOKEN_COMMAND: 'true' });
    expect(silent.stderr).toBe(
      'jira-auth: the JIRA_API_TOKEN_COMMAND command printed nothing on standard output\n',
    );
  });

  it('a site that cannot be reached: exit 4', async () => {
    await loginCloud(classic);
    const profiles = JSON.parse(await readFile(join(configDir, 'profiles.json'), 'utf8'));
    profiles.profiles.default.site = 'http://127.0.0.1:1';
    await writeFile(join(configDir, 'profiles.json'), JSON.stringify(profiles), { mode: 0o600 });
    const status = await run(['status']);
    expect(status.code).toBe(4);
    expect(status.stderr).toContain('could not reach Jira');
  });

  it('a corrupt profiles file: exit 2, left as it is', async () => {
    await writeFile(join(configDir, 'profiles.json'), '{"profiles": {', { mode: 0o600 });
    const status = await run(['status']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('is corrupt');
    expect(await readFile(join(configDir, 'profiles.json'), 'utf8')).toBe('{"profiles": {');
  });

  it('api: GET as JSON on stdout; a 404 as exit 104', async () => {
    await loginCloud(classic);
    const me = await run(['api', '/rest/api/3/myself']);
    expect(me.code).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ accountId: DEFAULT_CLOUD_USER.accountId });
    const missing = await run(['api', '/rest/api/3/issue/NOPE-1']);
    expect(missing.code).toBe(104);
    expect(missing.stderr).toContain('HTTP 404');
  });

  it('api: -f fields make a JSON body, and POST is implied', async () => {
    await loginCloud(classic);
    const created = await run(
      ['api', '/rest/api/3/issue', '--input', '-'],
      JSON.stringify({ fields: { project: { key: 'DEMO' }, summary: 'From the CLI' } }),
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ key: expect.stringMatching(/^DEMO-\d+$/) });
    const fields = await run(['api', '-X', 'POST', '/rest/api/3/issue', '-f', 'summary=x']);
    expect(JSON.parse(emulator.requests({ path: '/rest/api/3/issue' }).at(-1)?.body ?? '{}')).toEqual({
      summary: 'x',
    });
    expect(fields.code).toBe(100); // 400: Jira wants fields.project
  });

  it("api -F uploads a file, with Jira's X-Atlassian-Token", async () => {
    await loginCloud(classic);
    const file = join(configDir, 'hello.txt');
    await writeFile(file, 'hello from jira-auth');
    const upload = await run(['api', '-F', `file=@${file}`, '/rest/api/3/issue/DEMO-1/attachments']);
    expect(upload.code, upload.stderr).toBe(0);
    expect(JSON.parse(upload.stdout)).toMatchObject([{ filename: 'hello.txt', size: 20 }]);
    expect(emulator.requests({ path: '/attachments' })[0]?.headers['x-atlassian-token']).toBe('no-check');
  });

  it('api --paginate follows nextPageToken (JQL search) and startAt/total (lists)', async () => {
    await loginCloud(classic);
    const search = await run([
      'api',
      '--paginate',
      '/rest/api/3/search/jql?jql=project%3DDEMO&maxResults=10',
    ]);
    expect(search.code).toBe(0);
    const issues = JSON.parse(search.stdout).issues as { key: string }[];
    expect(issues.map((issue) => issue.key)).toEqual(
      Array.from({ length: 23 }, (_, index) => `DEMO-${index + 1}`),
    );
    expect(emulator.requests({ path: '/search/jql' })).toHaveLength(3);
    const projects = await run(['api', '--paginate', '/rest/api/3/project/search?maxResults=20']);
    expect((JSON.parse(projects.stdout).values as unknown[]).length).toBe(emulator.site.projects.length);
    expect(emulator.requests({ path: '/project/search' })).toHaveLength(
      Math.ceil(emulator.site.projects.length / 20),
    );
    // Without --paginate: the first page only.
    expect(
      JSON.parse((await run(['api', '/rest/api/3/project/search?maxResults=20'])).stdout).values,
    ).toHaveLength(20);
  });

  describe('login with OAuth 2.0 (3LO)', () => {
    it('consent, code exchange, the site; status shows expiry and scopes; token renews and rotates', async () => {
      const login = await startOAuthLogin();
      expect(login.consent).toBeDefined();
      const page = await comeBack(await emulator.consent(login.consent as string));
      expect(await page.text()).toContain('Logged in.');
      const result = await login.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        `Logged in as Ada Lovelace <ada@example.com> to ${emulator.urls.site} with OAuth 2.0 (profile default; secret in file (plain text), ${configDir}/profiles.json).`,
      );

      const status = JSON.parse((await run(['status', '--json'])).stdout);
      expect(status).toMatchObject({
        method: 'oauth2 (3LO)',
        baseUrl: emulator.urls.gateway,
        account: { id: DEFAULT_CLOUD_USER.accountId },
      });
      expect(new Date(status.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(status.scopes).toEqual(expect.arrayContaining(['read:jira-user', 'offline_access']));

      const tokensPath = join(configDir, 'tokens.json');
      expect((await stat(tokensPath)).mode & 0o777).toBe(0o600);
      const first = (await run(['token'])).stdout.trim();
      expect((await run(['header'])).stdout.trim()).toBe(`Bearer ${first}`);
      // Expired in the store: `token` renews first, saves the rotated pair, prints the new token.
      const file = JSON.parse(await readFile(tokensPath, 'utf8'));
      const [key] = Object.keys(file.tokens);
      const before = file.tokens[key as string];
      file.tokens[key as string] = { ...before, expiresAt: Date.now() - 1000 };
      await writeFile(tokensPath, JSON.stringify(file), { mode: 0o600 });
      const renewed = (await run(['token'])).stdout.trim();
      expect(renewed).not.toBe(first);
      const after = JSON.parse(await readFile(tokensPath, 'utf8')).tokens[key as string];
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessToken).toBe(renewed);
      expect(JSON.parse((await run(['api', '/rest/api/3/myself'])).stdout).accountId).toBe(
        DEFAULT_CLOUD_USER.accountId,
      );

      // Revoked: the refresh token no longer works; exit 3, log in again.
      file.tokens[key as string] = {
        ...after,
        refreshToken: 'revoked-refresh-token',
        expiresAt: Date.now() - 1000,
      };
      await writeFile(tokensPath, JSON.stringify(file), { mode: 0o600 });
      const revoked = await run(['status']);
      expect(revoked.code).toBe(3);
      expect(revoked.stderr).toContain('run `jira-auth login` again');

      const logout = await run(['logout']);
      expect(logout.stdout).toContain('https://id.atlassian.com/manage-profile/apps');
      expect(JSON.parse(await readFile(tokensPath, 'utf8')).tokens).toEqual({});
    });

    it('Data Center OAuth 2.0 with PKCE: consent, exchange, status, token renewal', async () => {
      const login = await startOAuthLogin(
        8976,
        ['--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'dco'],
        DEFAULT_DC_OAUTH_CLIENT,
      );
      expect(new URL(login.consent as string).searchParams.get('code_challenge_method')).toBe('S256');
      await comeBack(await emulator.consent(login.consent as string));
      const result = await login.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        `Logged in as Grace Hopper <grace@example.com> with Data Center OAuth 2.0 (profile dco; secret in file (plain text), ${configDir}/profiles.json).`,
      );
      const status = JSON.parse((await run(['status', '--profile', 'dco', '--json'])).stdout);
      expect(status).toMatchObject({
        method: 'oauth2 (Data Center)',
        account: { displayName: 'Grace Hopper' },
      });
      expect(status.scopes).toEqual(expect.arrayContaining(['READ']));
      const tokensPath = join(configDir, 'tokens.json');
      const file = JSON.parse(await readFile(tokensPath, 'utf8'));
      const [key] = Object.keys(file.tokens);
      expect(key).toBe(
        `jira-auth:${new URL(emulator.urls.dataCenter).origin}:${DEFAULT_DC_OAUTH_CLIENT.clientId}:${DEFAULT_DC_USER.username}`,
      );
      file.tokens[key as string].expiresAt = Date.now() - 1000;
      await writeFile(tokensPath, JSON.stringify(file), { mode: 0o600 });
      const token = (await run(['token', '--profile', 'dco'])).stdout.trim();
      expect(token).not.toBe(file.tokens[key as string].accessToken);
      expect((await run(['logout', '--profile', 'dco'])).code).toBe(0);
    });

    it('on a machine the browser cannot come back to: the URL it ended on, pasted, logs in; a foreign one is refused', async () => {
      const paste = async (line: (callback: string) => string) => {
        const login = await startOAuthLogin(
          8976,
          ['--site', emulator.urls.site, '--paste'],
          DEFAULT_OAUTH_CLIENT,
          true,
        );
        // The browser's consent, and where it was sent back to: never delivered to the loopback server here.
        const callback = await emulator.consent(login.consent as string);
        login.child.stdin.end(`${line(callback)}\n`);
        return login.done;
      };
      const pasted = await paste((callback) => callback);
      expect(pasted.stderr).toContain('copy the URL it ends on');
      expect(pasted.code, pasted.stderr).toBe(0);
      expect(pasted.stdout).toContain('Logged in as Ada Lovelace <ada@example.com>');
      // The bare code works too; a URL of another login (its state differs) does not.
      const bare = await paste((callback) => new URL(callback).searchParams.get('code') as string);
      expect(bare.code, bare.stderr).toBe(0);
      const foreign = await paste((callback) => callback.replace(/state=[^&]+/, 'state=someone-else'));
      expect(foreign.code).toBe(1);
      expect(foreign.stderr).toMatch(/state/);
    });

    it('a corrupt token file: exit 2, left as it is', async () => {
      const login = await startOAuthLogin();
      await comeBack(await emulator.consent(login.consent as string));
      expect((await login.done).code).toBe(0);
      await writeFile(join(configDir, 'tokens.json'), '{"version": 1, "tok', { mode: 0o600 });
      const status = await run(['status']);
      expect(status.code).toBe(2);
      expect(status.stderr).toContain('is corrupt');
      expect(await readFile(join(configDir, 'tokens.json'), 'utf8')).toBe('{"version": 1, "tok');
    });

    it('a grant that covers several sites, with no terminal to ask: exit 1, pass --site', async () => {
      const login = await startOAuthLogin(8976, []);
      await comeBack(await emulator.consent(login.consent as string));
      const result = await login.done;
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /the grant covers several sites \(.*https:\/\/decoy-one\.atlassian\.net.*\): pass --site/,
      );
    });

    it('a denied consent: exit 1, says so, stores nothing', async () => {
      const login = await startOAuthLogin();
      const state = new URL(login.consent as string).searchParams.get('state');
      await comeBack(
        `http://localhost:8976/callback?error=access_denied&error_description=User%20did%20not%20authorize&state=${state}`,
      );
      const result = await login.done;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('authorization failed: access_denied (User did not authorize)');
      expect((await run(['status'])).code).toBe(2);
    });

    it('a callback with the wrong state is refused, and the browser is told the login failed', async () => {
      const login = await startOAuthLogin();
      const page = await (
        await comeBack('http://localhost:8976/callback?code=forged&state=not-the-one-sent')
      ).text();
      expect(page).toContain('The login failed');
      expect(page).not.toContain('Logged in');
      const result = await login.done;
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the state in the callback does not match');
    });

    it('listens on both loopback addresses localhost may be: a browser that resolves it to [::1] logs in too', async () => {
      const login = await startOAuthLogin();
      const callback = await emulator.consent(login.consent as string);
      const page = await fetch(callback.replace('//localhost:', '//[::1]:'));
      expect(await page.text()).toContain('Logged in.');
      const result = await login.done;
      expect(result.code, result.stderr).toBe(0);
    });

    // Taken on [::1] alone, the port is in use too: the login does not share it with another local process.
    for (const host of ['127.0.0.1', '::1']) {
      it(`a port in use on ${host}: exit 1, says which and what to do`, async () => {
        const busy = createServer();
        await new Promise<void>((resolve) => busy.listen(0, host, resolve));
        const port = (busy.address() as { port: number }).port;
        try {
          const login = await startOAuthLogin(port);
          const result = await login.done;
          expect(result.code).toBe(1);
          expect(result.stderr).toContain(`port ${port} is in use: pass another --port`);
        } finally {
          busy.close();
        }
      });
    }
  });

  it('status with no profile verifies the JIRA_* environment', async () => {
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, 'status', '--json'],
        { env: { ...environment(), JIRA_BASE_URL: emulator.urls.dataCenter, JIRA_PAT: pat } },
        (error, stdout) => {
          printed.push(stdout);
          resolve({ code: error ? 1 : 0, stdout });
        },
      );
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      profile: 'environment',
      method: 'personal-access-token (JIRA_PAT)',
      account: { displayName: 'Grace Hopper' },
    });
  });

  it('demo: every command against its own emulator, secrets shortened', async () => {
    const demo = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith('JIRA_')),
      );
      execFile(process.execPath, [cli, 'demo'], { env }, (error, stdout) => {
        printed.push(stdout);
        resolve({ code: error ? 1 : 0, stdout });
      });
    });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('12 of 12 commands succeeded.');
    for (const line of [
      'with a classic API token (profile classic;',
      'with a scoped API token (profile scoped;',
      'Grace Hopper <grace@example.com> with a personal access token (profile dc;',
      'with OAuth 2.0 (profile oauth;',
      '(the demo plays the browser: consent granted, redirect followed)',
    ])
      expect(demo.stdout).toContain(line);
    expect(demo.stdout).toMatch(/\$ jira-auth token --profile oauth\n\S{6}… \(\d+ characters\)/);
  });

  it("init writes the site's non-secret facts to .jira-auth.json, once", async () => {
    await loginCloud(scoped);
    const folder = await mkdtemp(join(tmpdir(), 'jira-auth-init-'));
    const init = await run(['init'], '', folder);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('Wrote .jira-auth.json');
    const text = await readFile(join(folder, '.jira-auth.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      site: emulator.urls.site,
      baseUrl: emulator.urls.gateway,
      cloudId: emulator.cloudId,
      deploymentType: 'Cloud',
      version: '1001.0.0-SNAPSHOT',
      method: 'api-token (scoped)',
      scopes: null,
      accountId: DEFAULT_CLOUD_USER.accountId,
    });
    expect(text).not.toContain(scoped);
    const again = await run(['init'], '', folder);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('.jira-auth.json exists already: pass --force');
    expect((await run(['init', '--force'], '', folder)).code).toBe(0);

    // A checkout plus a login is the whole set-up: fromLogin() finds the stored login for the project's site.
    process.env.JIRA_AUTH_CONFIG_DIR = configDir;
    try {
      const strategy = await fromLogin({ cwd: folder });
      const url = new URL(`${(await strategy.baseUrl()).href}/rest/api/3/myself`);
      const response = await fetch(url, { headers: await strategy.authenticate({ url, method: 'GET' }) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { accountId: string }).accountId).toBe(DEFAULT_CLOUD_USER.accountId);
      await expect(fromLogin({ cwd: configDir })).rejects.toThrow(/run `jira-auth init` in the project/);
    } finally {
      delete process.env.JIRA_AUTH_CONFIG_DIR;
    }
  });

  it('a value given to a flag (--api-token=VALUE, --data-center=VALUE) is refused without echoing it', async () => {
    for (const flag of ['--api-token', '--data-center']) {
      const result = await run(['login', `${flag}=${classic}`, '--site', emulator.urls.site]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`unknown option '${flag}=…'`);
      expect(result.stderr).not.toContain(classic);
      expect(result.stdout).not.toContain(classic);
    }
  });

  it("the README's curl recipes run as printed: the credential on curl's standard input, never in its arguments", async () => {
    const readme = await readFile(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const recipes = readme.split('\n').filter((line) => line.startsWith("printf 'Authorization: "));
    expect(recipes).toHaveLength(2);
    expect((await loginCloud(classic)).code).toBe(0);
    expect(
      (
        await run(
          ['login', '--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'work'],
          `${pat}\n`,
        )
      ).code,
    ).toBe(0);
    // `jira-auth` on the PATH, as an installed command is.
    const bin = await mkdtemp(join(tmpdir(), 'jira-auth-bin-'));
    await writeFile(join(bin, 'jira-auth'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, {
      mode: 0o755,
    });
    const targets: Record<string, string> = {
      'https://your-site.atlassian.net': emulator.urls.site,
      'https://jira.example.com/jira': emulator.urls.dataCenter,
    };
    for (const recipe of recipes) {
      const line = Object.entries(targets).reduce((text, [from, to]) => text.replace(from, to), recipe);
      const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(
          'bash',
          ['-c', line],
          { env: { ...environment(), PATH: `${bin}:${process.env.PATH}` } },
          (error, out) => resolve({ code: error ? 1 : 0, stdout: out }),
        );
      });
      expect(code, line).toBe(0);
      expect(JSON.parse(stdout), line).toMatchObject({ active: true });
    }
    // curl's arguments held no credential: the emulator saw each header come through all the same.
    expect(recipes.every((recipe) => /curl -sS -H @- \S+$/.test(recipe))).toBe(true);
  });

  it('an existing config folder with a looser mode is made private on login', async () => {
    await chmod(configDir, 0o755);
    expect((await loginCloud(classic)).code).toBe(0);
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);
  });

  describe('init: discovery into jira-site.json', () => {
    const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(
      JSON.parse(
        readFileSync(fileURLToPath(import.meta.resolve('@jira-auth/core/site.schema.json')), 'utf8'),
      ),
    );

    /** `init` in a new folder, then `init --force` again: the file validates, and the second is byte-identical. */
    async function initTwice(args: string[] = [], env: Record<string, string> = {}) {
      const folder = await mkdtemp(join(tmpdir(), 'jira-auth-site-'));
      const first = await run(['init', ...args], '', folder, env);
      expect(first.code, first.stderr).toBe(0);
      const text = await readFile(join(folder, 'jira-site.json'), 'utf8');
      const site = JSON.parse(text) as SiteFile;
      expect(validate(site), JSON.stringify(validate.errors)).toBe(true);
      expect((await run(['init', '--force', ...args], '', folder, env)).code).toBe(0);
      expect(await readFile(join(folder, 'jira-site.json'), 'utf8')).toBe(text);
      return { folder, site, text, stdout: first.stdout };
    }

    /** What every full discovery of the emulated site finds, whatever the login. */
    function expectWholeSite(site: SiteFile, deployment: 'Cloud' | 'Server') {
      const model = emulator.site;
      expect(site.deploymentType).toBe(deployment);
      expect(site.fields?.map((field) => field.id).sort()).toEqual(
        model
          .fieldsOf(deployment)
          .map((field) => field.id)
          .sort(),
      );
      expect(site.projects?.map((project) => project.key).sort()).toEqual(
        model
          .projectsOf(deployment)
          .map((project) => project.key)
          .sort(),
      );
      expect(site.projects?.length).toBeGreaterThan(50);
      expect(site.fields?.length).toBeGreaterThan(50);
      // The roles are found by custom type, whatever the ids on this emulator.
      expect(site.roles).toMatchObject({
        storyPoints: model.fieldId('Story Points', deployment),
        sprint: model.fieldId('Sprint', deployment),
        epicLink: model.fieldId('Epic Link', deployment),
        rank: model.fieldId('Rank', deployment),
        team: model.fieldId('Team', deployment),
        startDate: model.fieldId('Start date', deployment),
        flagged: model.fieldId('Flagged', deployment),
      });
      expect(site.fields?.find((field) => field.id === site.roles?.sprint)?.clauseNames).toContain('Sprint');
      const demo = site.projects?.find((project) => project.key === 'DEMO');
      expect(demo).toMatchObject({ type: 'software', style: 'company-managed' });
      expect(demo?.issueTypes.map((type) => type.name)).toEqual(['Epic', 'Story', 'Task', 'Bug', 'Sub-task']);
      expect(site.statuses).toContainEqual({ id: '3', name: 'In Progress', category: 'indeterminate' });
      expect(site.linkTypes?.map((type) => type.name)).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates']);
      expect(site.resolutions?.map((resolution) => resolution.name)).toContain("Won't Do");
      // Team-managed projects' own issue types are listed under their project only.
      expect(site.issueTypes?.map((type) => type.name)).toEqual(['Epic', 'Story', 'Task', 'Bug', 'Sub-task']);
    }

    it('a classic API token: the whole site, every page followed, no secret in either file', async () => {
      await loginCloud(classic);
      const { site, text, folder, stdout } = await initTwice();
      expect(stdout).toContain('Wrote .jira-auth.json and jira-site.json');
      expectWholeSite(site, 'Cloud');
      expect(site.site).toBe(emulator.urls.site);
      expect(site.notDiscovered).toEqual([]);
      expect(site.roles?.parent).toBe('parent');
      expect(site.projects?.find((project) => project.key === 'APP')?.style).toBe('team-managed');
      expect(site.priorities?.map((priority) => priority.name)).toEqual([
        'Highest',
        'High',
        'Medium',
        'Low',
        'Lowest',
      ]);
      expect(site.boards?.length).toBe(emulator.site.boards.length);
      // Two pages each (of 50) per run: projects, fields, boards.
      for (const path of ['/project/search', '/field/search', '/agile/1.0/board'])
        expect(emulator.requests({ path }).length, path).toBe(4);
      expect(text).not.toContain(classic);
      expect(await readFile(join(folder, '.jira-auth.json'), 'utf8')).not.toContain(classic);
    });

    it('a scoped API token: the same, through the gateway', async () => {
      await loginCloud(scoped);
      emulator.reset(); // login tried the token on the site first
      const { site } = await initTwice();
      expectWholeSite(site, 'Cloud');
      expect(emulator.requests({ host: 'site', path: '/rest/' })).toEqual([]);
      expect(emulator.requests({ host: 'api', path: '/field/search' }).length).toBe(4);
    });

    it('OAuth 2.0 (3LO): the parts its scopes do not reach are named, with the scopes, not left out', async () => {
      const login = await startOAuthLogin();
      await comeBack(await emulator.consent(login.consent as string));
      expect((await login.done).code).toBe(0);
      const { site, stdout } = await initTwice();
      expect(site.notDiscovered).toEqual([
        {
          part: 'boards',
          reason: 'the token lacks a scope it needs: read:board-scope:jira-software, read:project:jira',
          scopes: ['read:board-scope:jira-software', 'read:project:jira'],
        },
        {
          part: 'priorities',
          reason: 'the token lacks a scope it needs: manage:jira-configuration',
          scopes: ['manage:jira-configuration'],
        },
      ]);
      expect(site.boards).toBeUndefined();
      expect(site.priorities).toBeUndefined();
      expect(stdout).toContain('Not discovered: boards (the token lacks a scope it needs');
      expectWholeSite(site, 'Cloud');
    });

    it('a service account (client credentials, from the environment)', async () => {
      const { site } = await initTwice([], {
        JIRA_BASE_URL: emulator.urls.site,
        JIRA_CLOUD_ID: emulator.cloudId,
        JIRA_CLIENT_ID: DEFAULT_SERVICE_ACCOUNT.clientId,
        JIRA_CLIENT_SECRET: DEFAULT_SERVICE_ACCOUNT.clientSecret,
      });
      expectWholeSite(site, 'Cloud');
      expect(site.notDiscovered.map((gap) => gap.part)).toEqual(['boards', 'priorities']);
    });

    it('Data Center under a context path: a PAT, a password, OAuth 2.0; its own shapes, no team-managed projects', async () => {
      const login = await run(['login', '--data-center', '--base-url', emulator.urls.dataCenter], pat);
      expect(login.code, login.stderr).toBe(0);
      const byPat = await initTwice();
      expectWholeSite(byPat.site, 'Server');
      expect(byPat.site.site).toBe(emulator.urls.dataCenter);
      expect(byPat.site.notDiscovered).toEqual([]);
      expect(byPat.site.projects?.every((project) => project.style === 'company-managed')).toBe(true);
      expect(byPat.site.roles).not.toHaveProperty('parent');
      expect(
        emulator.requests({ host: 'dc', path: `${emulator.contextPath}/rest/api/2/project/DEMO` }).length,
      ).toBe(2);
      expect(emulator.requests({ path: '/rest/api/3/' })).toEqual([]);

      await run(['logout']);
      const byPassword = await initTwice([], {
        JIRA_BASE_URL: emulator.urls.dataCenter,
        JIRA_USERNAME: DEFAULT_DC_USER.username,
        JIRA_PASSWORD: DEFAULT_DC_USER.password,
      });
      expect(byPassword.text).toBe(byPat.text);

      const oauth = await startOAuthLogin(
        8976,
        ['--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'dco'],
        DEFAULT_DC_OAUTH_CLIENT,
      );
      await comeBack(await emulator.consent(oauth.consent as string));
      expect((await oauth.done).code).toBe(0);
      expect((await initTwice(['--profile', 'dco'])).text).toBe(byPat.text);
    });

    it('--create-meta --projects: what each issue type takes on create, every create-meta page followed', async () => {
      await loginCloud(classic);
      const { site } = await initTwice(['--create-meta', '--projects', 'DEMO,APP']);
      expect(site.discovery).toEqual({ projects: ['APP', 'DEMO'], createMeta: true });
      expect(site.projects?.map((project) => project.key)).toEqual(['APP', 'DEMO']);
      expect(site.boards?.map((board) => board.projectKey)).toEqual(['DEMO', 'APP']);
      const demo = site.projects?.find((project) => project.key === 'DEMO');
      const story = demo?.issueTypes.find((type) => type.name === 'Story');
      const bug = demo?.issueTypes.find((type) => type.name === 'Bug');
      expect(story?.create?.required).toEqual(['issuetype', 'project', 'reporter', 'summary']);
      expect(story?.create?.optional).toContain(site.roles?.storyPoints);
      expect(bug?.create?.required).toContain(emulator.site.fieldId('Severity'));
      // The emulator answers at most 10 create-meta fields a page: Story's 16 take two pages a run.
      expect(emulator.requests({ path: `/issue/createmeta/DEMO/issuetypes/${story?.id}?` }).length).toBe(4);

      await run(['logout']);
      await run(['login', '--data-center', '--base-url', emulator.urls.dataCenter], pat);
      const dc = await initTwice(['--create-meta', '--projects', 'DEMO']);
      const epic = dc.site.projects?.[0]?.issueTypes.find((type) => type.name === 'Epic');
      expect(epic?.create?.required).toContain(emulator.site.fieldId('Epic Name', 'Server'));
    });

    it('init --check: up to date exits 0; a renamed field and a new project exit 5 with a readable summary', async () => {
      await loginCloud(classic);
      const { folder } = await initTwice();
      const same = await run(['init', '--check'], '', folder);
      expect(same).toMatchObject({ code: 0 });
      expect(same.stdout).toContain('jira-site.json is up to date');

      const customer = emulator.site.fieldId('Customer');
      emulator.site.renameField(customer, 'Client');
      emulator.site.addProject({ key: 'NEW', name: 'New project', type: 'business', style: 'next-gen' });
      const drift = await run(['init', '--check'], '', folder);
      expect(drift.code).toBe(5);
      expect(drift.stdout).toContain(`jira-site.json differs from ${emulator.urls.site} (2 changes):`);
      expect(drift.stdout).toContain(`field renamed: ${customer} "Customer" → "Client"`);
      expect(drift.stdout).toContain('project added: NEW "New project"');
      expect(drift.stdout).toContain('Run `jira-auth init --force`');
      const data = await run(['init', '--check', '--json'], '', folder);
      expect(data.code).toBe(5);
      expect(JSON.parse(data.stdout)).toEqual({
        site: emulator.urls.site,
        upToDate: false,
        changes: [
          { part: 'fields', change: 'renamed', id: customer, from: 'Customer', to: 'Client' },
          { part: 'projects', change: 'added', id: 'NEW', name: 'New project' },
        ],
      });
      // --check wrote nothing.
      expect(JSON.parse(await readFile(join(folder, 'jira-site.json'), 'utf8')).projects).toHaveLength(
        emulator.site.projects.length - 1,
      );
      const missing = await run(['init', '--check'], '', await mkdtemp(join(tmpdir(), 'jira-auth-none-')));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('jira-site.json is not in this folder');
    });

    it('types: the generated fields compile a program reading story points and sprint, and reject a string for story points', async () => {
      await loginCloud(classic);
      // Inside the package, so the program resolves @jira-auth/openapi-fetch and @jira-auth/cli as a project does.
      const folder = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), '.site-'));
      try {
        expect((await run(['init'], '', folder)).code).toBe(0);
        const types = await run(['types'], '', folder);
        expect(types.stdout).toMatch(/Wrote jira-fields\.ts: the types of \d+ custom fields/);
        const generated = await readFile(join(folder, 'jira-fields.ts'), 'utf8');
        expect(generated).toContain(`${emulator.site.fieldId('Story Points')}?: number | null;`);
        expect((await run(['types', '--check'], '', folder)).code).toBe(0);
        const program = (body: string) => `import { basicAuth } from '@jira-auth/core';
import { createJiraClient } from '@jira-auth/openapi-fetch';
import { loadSite } from '@jira-auth/cli';
import type { SiteFieldRoles, SiteFields } from './jira-fields.js';

const site = await loadSite<SiteFieldRoles>();
const jira = createJiraClient<SiteFields>({
  auth: basicAuth({ site: site.url, email: 'ada@example.com', apiToken: 'token' }),
});
const { data } = await jira.GET('/rest/api/3/issue/{issueIdOrKey}', { params: { path: { issueIdOrKey: 'DEMO-1' } } });
${body}
`;
        await writeFile(
          join(folder, 'reads.ts'),
          program(`const points: number | null | undefined = data?.fields?.[site.fields.storyPoints];
const sprint: string | undefined = data?.fields?.[site.fields.sprint]?.[0]?.name;
console.log(points, sprint);`),
        );
        await writeFile(
          join(folder, 'writes-a-string.ts'),
          program(`await jira.PUT('/rest/api/3/issue/{issueIdOrKey}', {
  params: { path: { issueIdOrKey: 'DEMO-1' } },
  body: { fields: { [site.fields.storyPoints]: 'five' } },
});`),
        );
        const compile = (file: string) => {
          const options: ts.CompilerOptions = {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.NodeNext,
            moduleResolution: ts.ModuleResolutionKind.NodeNext,
            types: [],
          };
          return ts
            .getPreEmitDiagnostics(ts.createProgram([join(folder, file)], options))
            .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        };
        expect(compile('reads.ts')).toEqual([]);
        const errors = compile('writes-a-string.ts');
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(/'string', which is not assignable to type 'number'/);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });
  });

  it("`jira-auth emulator`'s printed lines work for the command as they do for fromEnv(): status, header and api for each method, a login with them", async () => {
    const child = spawn(process.execPath, [cli, 'emulator', '--json']);
    try {
      let output = '';
      const printed = await new Promise<{ env: Record<string, Record<string, string>> }>(
        (resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            output += chunk;
            try {
              resolve(JSON.parse(output));
            } catch {
              // not all of it yet
            }
          });
          child.on('exit', (code) => reject(new Error(`jira-auth emulator exited (${code}): ${output}`)));
        },
      );
      // Only the printed lines: this test's own emulator variables are unset.
      const only = (variables: Record<string, string>) => ({
        JIRA_AUTH_TEST_API_URL: undefined,
        JIRA_AUTH_TEST_AUTH_URL: undefined,
        ...variables,
      });
      const who: Record<string, string> = {
        'API token (Cloud)': 'Ada Lovelace',
        'scoped API token (Cloud, through the gateway)': 'Ada Lovelace',
        'service account (Cloud)': 'Service account',
        'personal access token (Data Center)': 'Grace Hopper',
        'username and password (Data Center)': 'Grace Hopper',
      };
      expect(Object.keys(printed.env)).toEqual(Object.keys(who));
      for (const [method, variables] of Object.entries(printed.env)) {
        const status = await run(['status', '--json'], '', undefined, only(variables));
        expect(status.code, `${method}: ${status.stderr}`).toBe(0);
        expect(JSON.parse(status.stdout).account.displayName, method).toContain(who[method]);
        // header and api read the same environment as status.
        expect((await run(['header'], '', undefined, only(variables))).stdout, method).toMatch(
          /^(Basic|Bearer) \S+\n$/,
        );
        const me = await run(['api', '/rest/api/2/myself'], '', undefined, only(variables));
        expect(me.code, `${method}: ${me.stderr}`).toBe(0);
      }
      const pat = printed.env['personal access token (Data Center)'] as Record<string, string>;
      expect((await run(['token'], '', undefined, only(pat))).stdout.trim()).toBe(pat.JIRA_PAT);
      const scoped = printed.env['scoped API token (Cloud, through the gateway)'] as Record<string, string>;
      const login = await run(
        [
          'login',
          '--api-token',
          '--site',
          scoped.JIRA_BASE_URL as string,
          '--email',
          scoped.JIRA_USER_EMAIL as string,
        ],
        `${scoped.JIRA_API_TOKEN}\n`,
        undefined,
        only(scoped),
      );
      expect(login.code, login.stderr).toBe(0);
      expect(login.stdout).toContain('with a scoped API token');
    } finally {
      child.kill();
    }
  });

  it('no command but token and header ever printed a secret', () => {
    const secrets = [
      classic,
      scoped,
      pat,
      Buffer.from(`${DEFAULT_CLOUD_USER.email}:${classic}`).toString('base64'),
    ];
    expect(printed.length).toBeGreaterThan(10);
    for (const text of printed) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
