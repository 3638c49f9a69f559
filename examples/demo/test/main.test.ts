import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../dist/main.mjs', import.meta.url));
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('JIRA_')),
);

describe('the main job', () => {
  it('with no JIRA_* variables, verifies every strategy against the emulator', async () => {
    const { stdout } = await run(process.execPath, [main], { env: cleanEnv });
    expect(stdout).toContain('running against the bundled emulator');
    expect(stdout.match(/^ok {3}/gm)).toHaveLength(7);
    expect(stdout).toContain('Ada Lovelace <ada@example.com>');
    expect(stdout).toContain('7 of 7 verified.');
    expect(stdout).toMatch(/refreshed: new access token, refresh token rotated and saved/);
  });

  describe('with JIRA_* variables, calls that Jira', () => {
    const jira = new Emulator();
    beforeAll(() => jira.start());
    afterAll(() => jira.close());

    it('an API token', async () => {
      const env = {
        ...cleanEnv,
        JIRA_BASE_URL: jira.urls.site,
        JIRA_USER_EMAIL: DEFAULT_CLOUD_USER.email,
        JIRA_API_TOKEN: DEFAULT_CLOUD_USER.classicToken as string,
      };
      const { stdout } = await run(process.execPath, [main], { env });
      expect(stdout).toContain('JIRA_BASE_URL is set');
      expect(stdout).toContain(`via ${jira.urls.site}/rest/api/3/myself`);
      expect(stdout).toContain('1 of 1 verified.');
    });

    it('a PAT', async () => {
      const env = {
        ...cleanEnv,
        JIRA_BASE_URL: jira.urls.dataCenter,
        JIRA_PAT: DEFAULT_DC_USER.pat as string,
      };
      const { stdout } = await run(process.execPath, [main], { env });
      expect(stdout).toContain('Grace Hopper');
      expect(stdout).toContain('1 of 1 verified.');
    });

    it('a wrong token fails with the reason and exit code 1, without printing the token', async () => {
      const env = {
        ...cleanEnv,
        JIRA_BASE_URL: jira.urls.site,
        JIRA_USER_EMAIL: 'ada@example.com',
        JIRA_API_TOKEN: 'ATATT-wrong-canary-77',
      };
      const failure = await run(process.execPath, [main], { env }).catch(
        (error: { code: number; stdout: string }) => error,
      );
      expect('code' in failure && failure.code).toBe(1);
      expect(failure.stdout).toContain('FAIL');
      expect(failure.stdout).toContain('401');
      expect(failure.stdout).not.toContain('ATATT-wrong-canary-77');
    });
  });
});
