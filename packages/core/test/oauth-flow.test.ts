import { describe, expect, it } from 'vitest';
import {
  AuthorizationError,
  authorizationUrl,
  ConfigurationError,
  dataCenterOAuth2,
  oauth2,
  parseCallback,
  pickSite,
  RefreshFailedError,
  TokenResponseError,
  toTokenSet,
} from '../src/index.js';

describe('authorizationUrl', () => {
  it('has every parameter Atlassian documents, offline_access, and a random state', () => {
    const first = authorizationUrl({
      clientId: 'client-1',
      redirectUri: 'https://app.example/cb',
      scopes: ['read:jira-user'],
    });
    const second = authorizationUrl({
      clientId: 'client-1',
      redirectUri: 'https://app.example/cb',
      scopes: ['read:jira-user'],
    });
    expect(first.url.origin + first.url.pathname).toBe('https://auth.atlassian.com/authorize');
    expect(Object.fromEntries(first.url.searchParams)).toEqual({
      audience: 'api.atlassian.com',
      client_id: 'client-1',
      scope: 'read:jira-user offline_access',
      redirect_uri: 'https://app.example/cb',
      state: first.state,
      response_type: 'code',
      prompt: 'consent',
    });
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.state).not.toBe(second.state);
  });

  it('leaves offline_access out on request, and rejects empty scopes', () => {
    const { url } = authorizationUrl({
      clientId: 'c',
      redirectUri: 'https://a/cb',
      scopes: ['read:me'],
      offlineAccess: false,
    });
    expect(url.searchParams.get('scope')).toBe('read:me');
    expect(() => authorizationUrl({ clientId: 'c', redirectUri: 'https://a/cb', scopes: [] })).toThrow(
      ConfigurationError,
    );
  });
});

describe('parseCallback', () => {
  it('returns the code when the state matches', () => {
    expect(parseCallback('https://app.example/cb?code=abc&state=s1', 's1')).toBe('abc');
    expect(parseCallback(new URLSearchParams('code=abc&state=s1'), 's1')).toBe('abc');
  });

  it('rejects a wrong or missing state, a declined consent, a missing code', () => {
    expect(() => parseCallback('https://a/cb?code=abc&state=other', 's1')).toThrow(
      /state in the callback does not match/,
    );
    expect(() => parseCallback('https://a/cb?code=abc', 's1')).toThrow(AuthorizationError);
    expect(() => parseCallback('https://a/cb?code=abc&state=', '')).toThrow(AuthorizationError);
    try {
      parseCallback(
        'https://a/cb?error=access_denied&error_description=User%20did%20not%20authorize&state=s1',
        's1',
      );
      expect.unreachable();
    } catch (error) {
      expect((error as AuthorizationError).oauthError).toBe('access_denied');
      expect((error as Error).message).toContain('User did not authorize');
    }
    expect(() => parseCallback('https://a/cb?state=s1', 's1')).toThrow(/no code/);
  });
});

describe('pickSite', () => {
  const resources = [
    { id: 'b', url: 'https://beta.atlassian.net', name: 'beta', scopes: [] },
    { id: 'a', url: 'https://alpha.atlassian.net', name: 'alpha', scopes: [] },
  ];
  it('picks by URL, whatever the order', () => {
    expect(pickSite(resources, 'https://alpha.atlassian.net').id).toBe('a');
    expect(pickSite([...resources].reverse(), 'https://alpha.atlassian.net/').id).toBe('a');
  });
  it('lists the sites the grant reaches when none matches', () => {
    expect(() => pickSite(resources, 'https://gamma.atlassian.net')).toThrow(
      /does not reach https:\/\/gamma\.atlassian\.net \(it reaches https:\/\/beta\.atlassian\.net, https:\/\/alpha\.atlassian\.net\)/,
    );
  });
});

describe('toTokenSet', () => {
  it('turns expires_in into an absolute expiry and scope into a list', () => {
    expect(
      toTokenSet(
        {
          access_token: 'at',
          refresh_token: 'rt',
          expires_in: 3600,
          scope: 'read:jira-user offline_access',
          token_type: 'Bearer',
        },
        1_000,
      ),
    ).toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
      expiresAt: 3_601_000,
      scope: ['read:jira-user', 'offline_access'],
      tokenType: 'Bearer',
    });
    expect(
      toTokenSet({ access_token: 'at', expires_in: 60, token_type: 'bearer', refresh_token: '' }, 0),
    ).toEqual({
      accessToken: 'at',
      expiresAt: 60_000,
      scope: [],
      tokenType: 'bearer',
    });
  });

  // Each violation is a TokenResponseError naming the field; never a silent default, never the value.
  const valid = { access_token: 'at-secret-value', expires_in: 3600, token_type: 'Bearer' };
  it.each([
    [{ error: 'x' }, 'access_token', 'is missing'],
    [{ ...valid, access_token: '' }, 'access_token', 'is empty or not a token'],
    [{ ...valid, access_token: 42 }, 'access_token', 'has type number, not string'],
    [
      { ...valid, access_token: 'at\r\nx-injected: 1' },
      'access_token',
      'is empty or not a token (space, control or non-ASCII characters)',
    ],
    [{ ...valid, token_type: undefined }, 'token_type', 'is missing'],
    [{ ...valid, token_type: 'mac' }, 'token_type', 'is not Bearer'],
    [{ ...valid, expires_in: undefined }, 'expires_in', 'is missing'],
    [{ ...valid, expires_in: '3600' }, 'expires_in', 'has type string, not number'],
    [{ ...valid, expires_in: -5 }, 'expires_in', 'is not a number of seconds from 1 to'],
    [{ ...valid, expires_in: 0 }, 'expires_in', 'is not a number of seconds from 1 to'],
    [{ ...valid, expires_in: 1e300 }, 'expires_in', 'is not a number of seconds from 1 to'],
    [{ ...valid, expires_in: 5e-324 }, 'expires_in', 'is not a number of seconds from 1 to'],
    [{ ...valid, refresh_token: 7 }, 'refresh_token', 'has type number, not string'],
    [{ ...valid, scope: ['read:jira-user'] }, 'scope', 'has type object, not string'],
  ])('refuses %j: %s %s', (body, field, problem) => {
    let thrown: unknown;
    try {
      toTokenSet(body as Record<string, unknown>, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TokenResponseError);
    expect(thrown).toMatchObject({ code: 'JIRA_AUTH_TOKEN_RESPONSE', field });
    expect((thrown as Error).message).toContain(`${field} ${problem}`);
    expect((thrown as Error).message).not.toContain('at-secret-value');
  });
});

describe('an expired pair without a refresh token', () => {
  const expired = { accessToken: 'at-expired-0123', expiresAt: 0, scope: [], tokenType: 'Bearer' };
  const noFetch = (() => {
    throw new Error('no token request expected');
  }) as unknown as typeof fetch;
  const request = { url: new URL('https://jira.example.com/jira/rest/api/2/myself'), method: 'GET' };

  it('asks for a new consent, on Cloud and on Data Center alike, without a token request', async () => {
    const strategies = [
      oauth2({
        clientId: 'c',
        clientSecret: 's',
        account: 'a',
        cloudId: 'x',
        tokens: expired,
        fetch: noFetch,
      }),
      dataCenterOAuth2({
        baseUrl: 'https://jira.example.com/jira',
        clientId: 'c',
        clientSecret: 's',
        account: 'a',
        redirectUri: 'https://app.example.com/cb',
        tokens: expired,
        fetch: noFetch,
      }),
    ];
    for (const strategy of strategies) {
      const error = await strategy.authenticate(request).catch((caught: unknown) => caught);
      expect(RefreshFailedError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ reauthorize: true, message: expect.stringMatching(/no refresh token/) });
    }
  });
});
