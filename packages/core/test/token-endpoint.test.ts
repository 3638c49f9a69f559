// The token endpoint client and parser, directly: what is sent, which answers are refused and why, and which error
// (with which advice) each failure becomes.
import { describe, expect, it } from 'vitest';
import { AuthorizationError, RefreshFailedError, TokenResponseError } from '../src/index.js';
import {
  codeExchangeError,
  refreshError,
  requestToken,
  TokenEndpointRefusal,
  toTokenSet,
} from '../src/oauth/token-endpoint.js';
import { type Answer, loopback } from './loopback.js';

let answer: Answer = { status: 200, body: '' };
const server = loopback(() => answer);
const received = server.received;

const ok = JSON.stringify({ access_token: 'at', expires_in: 60, token_type: 'Bearer' });
const ask = (format: 'json' | 'form' = 'json') =>
  requestToken({
    url: new URL(`${server.origin}/oauth/token`),
    params: { grant_type: 'refresh_token' },
    format,
    fetch,
    now: () => 0,
  });
const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('requestToken', () => {
  it('asks for JSON, and sends JSON or a form as the server wants', async () => {
    answer = { status: 200, body: ok };
    received.length = 0;
    await ask('json');
    await ask('form');
    expect(
      received.map(({ headers, body }) => ({ accept: headers.accept, type: headers['content-type'], body })),
    ).toEqual([
      { accept: 'application/json', type: 'application/json', body: '{"grant_type":"refresh_token"}' },
      {
        accept: 'application/json',
        type: 'application/x-www-form-urlencoded',
        body: 'grant_type=refresh_token',
      },
    ]);
  });

  it('an OAuth error answer is a refusal with its error and description, when they are strings', async () => {
    answer = {
      status: 400,
      body: JSON.stringify({
        error: 'invalid_grant',
        error_description: 'Unknown or invalid refresh token.',
      }),
    };
    const refusal = await caught(ask());
    expect(refusal).toBeInstanceOf(TokenEndpointRefusal);
    expect(refusal).toMatchObject({
      status: 400,
      oauthError: 'invalid_grant',
      description: 'Unknown or invalid refresh token.',
    });
    answer = { status: 400, body: JSON.stringify({ error: 7, error_description: ['x'] }) };
    expect(await caught(ask())).toMatchObject({ oauthError: undefined, description: undefined });
    answer = { status: 502, body: '[{"error":"invalid_grant"}]' };
    expect(await caught(ask())).toMatchObject({ status: 502, oauthError: undefined });
  });

  it('a success without a JSON object (an array, null, an HTML page) saves nothing', async () => {
    for (const body of ['[]', 'null', '"a string"', '42', '<html>proxy</html>']) {
      answer = { status: 200, body };
      const error = await caught(ask());
      expect(TokenResponseError.isInstance(error) && error.field, body).toBe('body');
    }
  });
});

describe('toTokenSet', () => {
  const base = { access_token: 'at', expires_in: 60, token_type: 'Bearer' };

  it('takes expires_in from 1 second up to the largest safe one', () => {
    expect(toTokenSet({ ...base, expires_in: 1 }, 0).expiresAt).toBe(1000);
    expect(toTokenSet({ ...base, expires_in: 2_147_483_647 }, 0).expiresAt).toBe(2_147_483_647_000);
    for (const expires_in of [0.5, 0, -1, 2_147_483_648, Number.NaN])
      expect(() => toTokenSet({ ...base, expires_in }, 0), String(expires_in)).toThrow(TokenResponseError);
  });

  it('a null optional field is an absent one; a refresh token with a control character is refused', () => {
    expect(toTokenSet({ ...base, refresh_token: null, scope: null }, 0)).toEqual({
      accessToken: 'at',
      expiresAt: 60_000,
      scope: [],
      tokenType: 'Bearer',
    });
    const error = (() => {
      try {
        toTokenSet({ ...base, refresh_token: 'rt\nx' }, 0);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(TokenResponseError.isInstance(error) && error.field).toBe('refresh_token');
  });

  it('scopes are split on any run of white space, without empty ones', () => {
    expect(toTokenSet({ ...base, scope: ' read:jira-user   offline_access ' }, 0).scope).toEqual([
      'read:jira-user',
      'offline_access',
    ]);
  });

  it('a body that is not an object is refused, naming the body', () => {
    for (const body of [[], null, 'at'])
      expect(
        (() => {
          try {
            toTokenSet(body as unknown as Record<string, unknown>, 0);
          } catch (error) {
            return TokenResponseError.isInstance(error) && error.field;
          }
        })(),
        String(body),
      ).toBe('body');
  });
});

describe('refreshError', () => {
  const refusal = (status: number, oauthError?: string) =>
    new TokenEndpointRefusal(status, oauthError, undefined);

  it('a refused client (wrong secret) says to check the client, not to send the user through consent', () => {
    for (const [status, oauthError] of [
      [403, 'access_denied'],
      [400, 'unauthorized_client'],
      [401, undefined],
    ] as const) {
      const error = refreshError(refusal(status, oauthError), 'renew');
      expect(RefreshFailedError.isInstance(error) && error.reauthorize).toBe(false);
      expect(error.message, String(oauthError)).toMatch(/check clientId and clientSecret/);
    }
    const other = refreshError(refusal(400, 'invalid_request'), 'renew');
    expect(other.message).not.toMatch(/check clientId/);
    expect(RefreshFailedError.isInstance(other) && other.reauthorize).toBe(false);
    expect(RefreshFailedError.isInstance(refreshError(refusal(400, 'invalid_grant'), 'renew'))).toBe(true);
  });

  it('a timeout or an unreachable endpoint keeps its cause; anything thrown, even undefined, becomes a refresh failure', () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(refreshError(timeout, 'renew').cause).toBe(timeout);
    expect(refreshError(timeout, 'renew').message).toMatch(/in time/);
    const network = new TypeError('fetch failed');
    expect(refreshError(network, 'renew').cause).toBe(network);
    expect(RefreshFailedError.isInstance(refreshError(undefined, 'renew'))).toBe(true);
  });
});

describe('codeExchangeError', () => {
  it('a refusal is an AuthorizationError with its OAuth error; a token-response error passes; anything else keeps its cause', () => {
    const refused = codeExchangeError(new TokenEndpointRefusal(400, 'invalid_grant', undefined));
    expect(AuthorizationError.isInstance(refused) && refused.oauthError).toBe('invalid_grant');
    const plain = codeExchangeError(new TokenEndpointRefusal(500, undefined, undefined));
    expect(AuthorizationError.isInstance(plain) && plain.oauthError).toBeUndefined();
    const unusable = new TokenResponseError('access_token', 'unusable');
    expect(codeExchangeError(unusable)).toBe(unusable);
    const network = new TypeError('fetch failed');
    const unreachable = codeExchangeError(network);
    expect(AuthorizationError.isInstance(unreachable) && unreachable.cause).toBe(network);
  });
});
