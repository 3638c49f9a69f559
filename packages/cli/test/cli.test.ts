// The built `jira-auth` command, run as a child process against the emulator, as a user's shell runs it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

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

/** Runs the command; `input` is what is piped to it. Resolves with its exit code and output, never rejects. */
function run(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      {
        env: {
          ...process.env,
          JIRA_AUTH_CONFIG_DIR: configDir,
          JIRA_AUTH_API_URL: emulator.endpoints.api,
          JIRA_AUTH_AUTH_URL: emulator.endpoints.auth,
          NO_COLOR: '1',
        },
      },
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
      'Logged in as Ada Lovelace <ada@example.com> with a classic API token (profile default).',
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
      expiresAt: null,
      scopes: null,
    });
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
    expect(login.stderr).toContain('as a classic and as a scoped token');
    expect((await run(['status'])).code).toBe(2);
  });

  it('login --data-center: a PAT; token and header print it; logout forgets it', async () => {
    const login = await run(
      ['login', '--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'dc'],
      pat,
    );
    expect(login.stdout).toContain(
      'Logged in as Grace Hopper <grace@example.com> with a personal access token (profile dc).',
    );
    expect((await run(['token', '--profile', 'dc'])).stdout.trim()).toBe(pat);
    expect((await run(['header', '--profile', 'dc'])).stdout.trim()).toBe(`Bearer ${pat}`);
    expect((await run(['status', '--profile', 'dc'])).stdout).toContain('Grace Hopper');
    expect((await run(['logout', '--profile', 'dc'])).stdout).toContain('Logged out of profile dc.');
    expect((await run(['status', '--profile', 'dc'])).code).toBe(2);
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
    const projects = await run(['api', '--paginate', '/rest/api/3/project/search?maxResults=5']);
    expect((JSON.parse(projects.stdout).values as unknown[]).length).toBe(12);
    expect(emulator.requests({ path: '/project/search' })).toHaveLength(3);
    // Without --paginate: the first page only.
    expect(
      JSON.parse((await run(['api', '/rest/api/3/project/search?maxResults=5'])).stdout).values,
    ).toHaveLength(5);
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
