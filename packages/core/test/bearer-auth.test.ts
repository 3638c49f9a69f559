import { describe, expect, it } from 'vitest';
import { bearerAuth, ConfigurationError } from '../src/index.js';

const token = 'NjE0MzI2NzE4Mjk2OsX-example-pat';

describe('bearerAuth (Data Center personal access token)', () => {
  it('README example: Bearer <pat> to the base URL with its context path', async () => {
    const auth = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token });
    expect(auth.kind).toBe('bearer');
    expect((await auth.baseUrl()).href).toBe('https://jira.example.com/jira');
    const request = { url: new URL('https://jira.example.com/jira/rest/api/2/myself'), method: 'GET' };
    expect(await auth.authenticate(request)).toEqual({ authorization: `Bearer ${token}` });
  });

  const cases: [string, Parameters<typeof bearerAuth>[0], string, RegExp][] = [
    ['empty token', { baseUrl: 'https://jira.example.com', token: '' }, 'token', /empty/],
    ['white-space token', { baseUrl: 'https://jira.example.com', token: '\t ' }, 'token', /empty/],
    [
      'an atlassian.net site',
      { baseUrl: 'https://acme.atlassian.net', token },
      'baseUrl',
      /only on Jira Data Center/,
    ],
    [
      'a base URL ending in /rest',
      { baseUrl: 'https://jira.example.com/jira/rest/api/2', token },
      'baseUrl',
      /before \/rest/,
    ],
    ['plain http to a remote host', { baseUrl: 'http://jira.example.com', token }, 'baseUrl', /https/],
  ];
  for (const [name, options, field, message] of cases) {
    it(`rejects ${name}`, () => {
      expect(() => bearerAuth(options)).toThrow(message);
      try {
        bearerAuth(options);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as ConfigurationError).field).toBe(field);
        expect(String(error)).not.toContain(token);
      }
    });
  }
});
