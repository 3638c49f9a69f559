import { describe, expect, it } from 'vitest';
import {
  authorizeRequest,
  bearerAuth,
  decideOnResponse,
  isMultipart,
  joinUrl,
  scrubSecrets,
  toHeaders,
} from '../src/index.js';

const auth = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: 'pat-0123456789' });

describe('adapter kit', () => {
  it('joins paths under the base path, like HTTP clients with a base URL', () => {
    expect(joinUrl('https://api.atlassian.com/ex/jira/c1', '/rest/api/3/myself').href).toBe(
      'https://api.atlassian.com/ex/jira/c1/rest/api/3/myself',
    );
    expect(joinUrl('https://j.example.com/jira/', 'rest/api/2/myself').href).toBe(
      'https://j.example.com/jira/rest/api/2/myself',
    );
    expect(joinUrl('https://j.example.com/jira', 'https://other.example/x').href).toBe(
      'https://other.example/x',
    );
  });

  it('authorizes only the strategy origin, and marks multipart uploads', async () => {
    const same = await authorizeRequest(auth, {
      url: new URL('https://jira.example.com/other'),
      method: 'POST',
      body: new FormData(),
    });
    expect(same).toEqual({
      authenticated: true,
      headers: { authorization: 'Bearer pat-0123456789', 'x-atlassian-token': 'no-check' },
    });
    const foreign = await authorizeRequest(auth, {
      url: new URL('https://jira.example.com.evil.test/jira'),
      method: 'GET',
    });
    expect(foreign).toEqual({ authenticated: false, headers: {} });
    const otherPort = await authorizeRequest(auth, {
      url: new URL('https://jira.example.com:8443/jira'),
      method: 'GET',
    });
    expect(otherPort.authenticated).toBe(false);
  });

  it('tells multipart bodies apart', () => {
    expect(isMultipart(new FormData())).toBe(true);
    expect(isMultipart('x', { 'Content-Type': 'multipart/form-data; boundary=x' })).toBe(true);
    expect(isMultipart('{}', new Headers({ 'content-type': 'application/json' }))).toBe(false);
    expect(isMultipart({ a: 1 })).toBe(false);
  });

  it('passes 403 and 429 on, never asking the strategy', async () => {
    const request = { url: new URL('https://jira.example.com/jira/rest/api/2/myself'), method: 'GET' };
    for (const status of [403, 429, 500]) {
      expect(
        await decideOnResponse(auth, request, { status, headers: new Headers() }, { retried: false }),
      ).toEqual({ action: 'pass' });
    }
  });

  it('turns a client header record into Headers', () => {
    const headers = toHeaders({
      toJSON: () => ({
        Accept: 'application/json',
        'set-cookie': ['a=1', 'b=2'],
        skipped: undefined,
        off: false,
      }),
    });
    expect([...headers]).toEqual([
      ['accept', 'application/json'],
      ['set-cookie', 'a=1, b=2'],
    ]);
  });

  it('scrubs secrets from nested objects and raw heads', () => {
    const error = {
      config: { headers: { Authorization: 'Bearer pat-0123456789' } },
      request: { _header: 'GET / HTTP/1.1\r\nAuthorization: Bearer pat-0123456789\r\n' },
    };
    scrubSecrets(error, ['Bearer pat-0123456789']);
    expect(JSON.stringify(error)).not.toContain('pat-0123456789');
  });
});
