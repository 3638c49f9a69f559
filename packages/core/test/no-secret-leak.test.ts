import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type AuthStrategy, basicAuth, bearerAuth, fromEnv } from '../src/index.js';

const SECRET = 'ATATT-canary-1b2c3d4e5f';
const url = new URL('https://acme.atlassian.net/rest/api/3/myself');

function views(value: unknown): Record<string, string> {
  const error = value as { message?: unknown; stack?: unknown };
  return {
    string: String(value),
    template: `${value}`,
    json: JSON.stringify(value) ?? '',
    inspect: inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    message: String(error?.message ?? ''),
    stack: String(error?.stack ?? ''),
  };
}

function expectClean(value: unknown, secrets: string[]) {
  for (const [view, text] of Object.entries(views(value))) {
    for (const secret of secrets)
      expect(text.includes(secret), `${view} leaks a secret: ${text.slice(0, 200)}`).toBe(false);
  }
}

describe('no secret in strategies', () => {
  const strategies: [string, () => AuthStrategy, string[]][] = [
    [
      'basicAuth classic',
      () => basicAuth({ site: url.origin, email: 'ada@example.com', apiToken: SECRET }),
      [SECRET, btoa(`ada@example.com:${SECRET}`)],
    ],
    [
      'basicAuth scoped',
      () =>
        basicAuth({
          site: url.origin,
          email: 'ada@example.com',
          apiToken: SECRET,
          scoped: true,
          cloudId: 'c1',
        }),
      [SECRET, btoa(`ada@example.com:${SECRET}`)],
    ],
    [
      'basicAuth Data Center',
      () => basicAuth({ baseUrl: 'https://jira.example.com', username: 'grace', password: SECRET }),
      [SECRET, btoa(`grace:${SECRET}`)],
    ],
    ['bearerAuth', () => bearerAuth({ baseUrl: 'https://jira.example.com', token: SECRET }), [SECRET]],
    [
      'fromEnv',
      () =>
        fromEnv({
          env: { JIRA_BASE_URL: url.origin, JIRA_USER_EMAIL: 'ada@example.com', JIRA_API_TOKEN: SECRET },
        }),
      [SECRET, btoa(`ada@example.com:${SECRET}`)],
    ],
  ];
  for (const [name, make, secrets] of strategies) {
    it(`${name}: inspect, JSON, String, template`, async () => {
      const strategy = make();
      expectClean(strategy, secrets);
      expect(String(strategy)).toMatch(/^\[jira-auth /);
      // The header really does hold the secret: the check above is not vacuous.
      const { authorization } = await strategy.authenticate({ url, method: 'GET' });
      expect(secrets.some((secret) => authorization?.includes(secret))).toBe(true);
    });

    it(`${name}: the 401 reason`, async () => {
      const decision = await make().unauthorized(
        { url, method: 'GET' },
        { status: 401, headers: new Headers() },
      );
      expect(decision.retry).toBe(false);
      expectClean(decision.retry === false ? decision.error : undefined, secrets);
    });
  }
});

describe('no secret in configuration errors', () => {
  const attempts: [string, () => unknown][] = [
    [
      'token with white space',
      () => basicAuth({ site: url.origin, email: 'ada@example.com', apiToken: ` ${SECRET}` }),
    ],
    ['token in the email field', () => basicAuth({ site: url.origin, email: SECRET, apiToken: SECRET })],
    [
      'token in the site URL',
      () => basicAuth({ site: `https://x:${SECRET}@acme.atlassian.net`, email: 'a@b.c', apiToken: SECRET }),
    ],
    [
      'token in the site query',
      () => basicAuth({ site: `${url.origin}/?token=${SECRET}`, email: 'a@b.c', apiToken: SECRET }),
    ],
    ['PAT on a Cloud site', () => bearerAuth({ baseUrl: url.origin, token: SECRET })],
    [
      'fromEnv with a bad base URL',
      () => fromEnv({ env: { JIRA_BASE_URL: `${url.origin}/x`, JIRA_PAT: SECRET } }),
    ],
  ];
  for (const [name, attempt] of attempts) {
    it(name, () => {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expectClean(thrown, [SECRET]);
    });
  }
});
