import { describe, expect, it } from 'vitest';
import { ConfigurationError, fromEnv } from '../src/index.js';

const request = (url: string) => ({ url: new URL(url), method: 'GET' });

describe('fromEnv', () => {
  it('email + API token: basic auth on the site', async () => {
    const auth = fromEnv({
      env: {
        JIRA_BASE_URL: 'https://acme.atlassian.net',
        JIRA_USER_EMAIL: 'ada@example.com',
        JIRA_API_TOKEN: 'tok-123456',
      },
    });
    expect(auth.kind).toBe('basic');
    expect((await auth.baseUrl()).origin).toBe('https://acme.atlassian.net');
  });

  it('a scoped token with its cloudId: the gateway', async () => {
    const auth = fromEnv({
      env: {
        JIRA_BASE_URL: 'https://acme.atlassian.net',
        JIRA_USER_EMAIL: 'ada@example.com',
        JIRA_API_TOKEN: 'tok-123456',
        JIRA_API_TOKEN_SCOPED: 'true',
        JIRA_CLOUD_ID: 'cloud-1',
      },
    });
    expect((await auth.baseUrl()).href).toBe('https://api.atlassian.com/ex/jira/cloud-1');
  });

  it('a PAT: bearer auth on Data Center', async () => {
    const auth = fromEnv({ env: { JIRA_BASE_URL: 'https://jira.example.com/jira', JIRA_PAT: 'pat-123456' } });
    expect(auth.kind).toBe('bearer');
    expect(await auth.authenticate(request('https://jira.example.com/jira/rest/api/2/myself'))).toEqual({
      authorization: 'Bearer pat-123456',
    });
  });

  it('lists every missing variable', () => {
    expect(() => fromEnv({ env: {} })).toThrow(/JIRA_BASE_URL, JIRA_USER_EMAIL, JIRA_API_TOKEN are not set/);
    expect(() =>
      fromEnv({ env: { JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_USER_EMAIL: 'a@b.c' } }),
    ).toThrow(/\] JIRA_API_TOKEN is not set: set JIRA_BASE_URL and either/);
  });

  it('names the variable, not the option, when a value is wrong, and never echoes the secret', () => {
    try {
      fromEnv({
        env: {
          JIRA_BASE_URL: 'https://acme.atlassian.net/jira',
          JIRA_USER_EMAIL: 'a@b.c',
          JIRA_API_TOKEN: 'tok-secret-1',
        },
      });
      expect.unreachable();
    } catch (error) {
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as ConfigurationError).field).toBe('JIRA_BASE_URL');
      expect((error as Error).message).toMatch(/^\[@jira-auth\/core\] JIRA_BASE_URL must be the site alone/);
      expect((error as Error).message).not.toContain('tok-secret-1');
    }
    expect(() =>
      fromEnv({
        env: {
          JIRA_BASE_URL: 'https://acme.atlassian.net',
          JIRA_USER_EMAIL: 'a@b.c',
          JIRA_API_TOKEN: ' tok ',
        },
      }),
    ).toThrow(
      /^\[@jira-auth\/core\] JIRA_API_TOKEN has a line break, control character or white space at an end/,
    );
  });

  it('rejects an unclear JIRA_API_TOKEN_SCOPED', () => {
    expect(() =>
      fromEnv({
        env: {
          JIRA_BASE_URL: 'https://acme.atlassian.net',
          JIRA_USER_EMAIL: 'a@b.c',
          JIRA_API_TOKEN: 't-1',
          JIRA_API_TOKEN_SCOPED: 'yes',
        },
      }),
    ).toThrow(/JIRA_API_TOKEN_SCOPED must be true or false/);
  });

  it("a project's .jira-auth.json gives the site, cloudId and scoped; the environment only the secret", async () => {
    const project = {
      site: 'https://acme.atlassian.net',
      cloudId: 'cloud-7',
      method: 'api-token (scoped)',
      accountId: 'ignored',
    };
    const auth = fromEnv({
      env: { JIRA_USER_EMAIL: 'ada@example.com', JIRA_API_TOKEN: 'tok-123456' },
      project,
    });
    expect((await auth.baseUrl()).href).toBe('https://api.atlassian.com/ex/jira/cloud-7');
    // The environment wins where it speaks.
    const classic = fromEnv({
      env: {
        JIRA_BASE_URL: 'https://other.atlassian.net',
        JIRA_USER_EMAIL: 'ada@example.com',
        JIRA_API_TOKEN: 'tok-123456',
        JIRA_API_TOKEN_SCOPED: 'false',
      },
      project,
    });
    expect((await classic.baseUrl()).origin).toBe('https://other.atlassian.net');
    const pat = fromEnv({
      env: { JIRA_PAT: 'pat-123456789' },
      project: { site: 'https://jira.example.com/jira' },
    });
    expect((await pat.baseUrl()).href).toBe('https://jira.example.com/jira');
  });
});
