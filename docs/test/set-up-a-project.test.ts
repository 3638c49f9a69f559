// The "Set up a project" page, run as printed against the emulator: its shell blocks' `jira-auth` commands in a new
// project folder (the site, the email and the token are the emulator's), then its program against the types `jira-auth types`
// generated there. The emulator's custom field ids are its own, so a program that hard-coded one would fail.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBlocks } from '@jira-auth/conformance/blocks';
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';

const page = 'docs/guide/set-up-a-project.md';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const markdown = await readFile(join(repo, page), 'utf8');
const cli = join(repo, 'packages/cli/dist/cli.mjs');
// Inside docs/, so that the program's imports resolve to the workspace's packages.
const folder = fileURLToPath(new URL('./generated/set-up-a-project/', import.meta.url));
const emulator = new Emulator();
let configDir = '';

/** The `jira-auth` commands of the page's shell blocks, in order. */
const commands = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)]
  .flatMap((match) => (match[1] ?? '').split('\n'))
  .filter((line) => line.startsWith('jira-auth '))
  .map((line) =>
    line
      .replace('https://your-site.atlassian.net', '{site}')
      .replace('you@example.com', DEFAULT_CLOUD_USER.email)
      .split(' ')
      .slice(1),
  );

function jiraAuth(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args.map((arg) => arg.replace('{site}', emulator.urls.site))],
      {
        cwd: folder,
        env: {
          ...process.env,
          JIRA_AUTH_CONFIG_DIR: configDir,
          JIRA_AUTH_TEST_API_URL: emulator.endpoints.api,
          JIRA_AUTH_TEST_AUTH_URL: emulator.endpoints.auth,
          NO_COLOR: '1',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

beforeAll(async () => {
  await emulator.start();
  configDir = await mkdtemp(join(tmpdir(), 'jira-auth-docs-setup-'));
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
});
afterAll(async () => {
  await emulator.close();
  await rm(configDir, { recursive: true, force: true });
});

it("the page's commands run as printed: log in, init, check, types", async () => {
  expect(commands.map((args) => args[0])).toEqual(['login', 'init', 'init', 'types']);
  for (const args of commands) {
    const result = await jiraAuth(args, `${DEFAULT_CLOUD_USER.classicToken}\n`);
    expect(result.code, `jira-auth ${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
  const site = JSON.parse(await readFile(join(folder, 'jira-site.json'), 'utf8'));
  expect(site.roles.storyPoints).toBe(emulator.site.fieldId('Story Points'));
  expect(await readFile(join(folder, 'jira-fields.ts'), 'utf8')).toContain(
    `${emulator.site.fieldId('Story Points')}?: number | null;`,
  );
});

it("the page's program creates a story with points and reads them back, by the site's own field ids", async () => {
  const [program] = extractBlocks(markdown, page).filter((block) => block.fileName === 'estimates.ts');
  await writeFile(join(folder, 'estimates.ts'), `${program?.code}\n`);
  const cwd = process.cwd();
  process.env.JIRA_AUTH_CONFIG_DIR = configDir;
  process.chdir(folder);
  try {
    const { createStory, estimateOf } = (await import(join(folder, 'estimates.ts'))) as {
      createStory: (summary: string, points: number) => Promise<string>;
      estimateOf: (key: string) => Promise<{ points: number | null; sprint: string | null }>;
    };
    const key = await createStory('Estimate the set-up page', 5);
    expect(await estimateOf(key)).toEqual({ points: 5, sprint: null });
    const sent = emulator.requests({ path: '/rest/api/3/issue' }).find((entry) => entry.method === 'POST');
    expect(JSON.parse(sent?.body ?? '{}').fields).toMatchObject({
      [emulator.site.fieldId('Story Points')]: 5,
    });
  } finally {
    process.chdir(cwd);
    delete process.env.JIRA_AUTH_CONFIG_DIR;
  }
});

it('the drift the page prints is what `init --check` prints after an admin renames a field and adds a project', async () => {
  const customer = emulator.site.fieldId('Customer');
  emulator.site.renameField(customer, 'Client');
  emulator.site.addProject({ key: 'NEW', name: 'New project', type: 'business' });
  const check = await jiraAuth(['init', '--check']);
  expect(check.code).toBe(5);
  const printed = /^```text\n([\s\S]*?)^```$/m.exec(markdown)?.[1] ?? '';
  expect(check.stdout).toBe(
    printed
      .replace('https://your-site.atlassian.net', emulator.urls.site)
      .replace('customfield_10011', customer),
  );
});
