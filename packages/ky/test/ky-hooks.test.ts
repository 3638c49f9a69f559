import { inspect } from 'node:util';
import {
  type AuthStrategy,
  BodyNotReplayableError,
  basicAuth,
  bearerAuth,
  jiraAuthErrorOf,
} from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import ky, { HTTPError, type Options } from 'ky';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { jiraAuth } from '../src/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

// This package's own tests run ky 1 (Node 20); the conformance suite also runs ky 2 on Node 22.
describe('jiraAuth for ky', () => {
  it('README example (ky 1)', async () => {
    const site = emulator.urls.site;
    const { email } = DEFAULT_CLOUD_USER;
    const apiToken = DEFAULT_CLOUD_USER.classicToken as string;

    const jira = ky.create(jiraAuth(basicAuth({ site, email, apiToken })));
    const me = await jira.get('rest/api/3/myself').json<{ emailAddress: string }>();

    expect(me.emailAddress).toBe(email);
  });

  it('a ky 1 user who does not say so: the major is read from ky, and relative URLs work', async () => {
    const auth = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
    for (const jira of [ky.create(jiraAuth(auth)), ky.create(jiraAuth(auth, { ky }))]) {
      expect(await jira.get('rest/api/2/myself').json()).toMatchObject({ name: DEFAULT_DC_USER.username });
    }
    // ky 1's own rule for its prefixUrl, with ky's own message.
    expect(() => ky.create(jiraAuth(auth)).get('/rest/api/2/myself')).toThrow(/must not begin with a slash/);
  });

  it('ky 1: once the base URL is known, requests are built for it, and later hooks see where they go', async () => {
    // A base URL with a path of its own (Data Center's context path), which a re-aimed request must keep.
    const options = jiraAuth(
      bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string }),
    );
    expect(String(options.prefixUrl)).toBe('https://jira-auth.invalid/');
    const seen: string[] = [];
    const jira = ky.create(options).extend({
      hooks: {
        beforeRequest: [
          (request) => void seen.push(`${request.url} ${request.headers.has('authorization')}`),
        ],
      },
    });
    for (let i = 0; i < 3; i++) expect((await jira.get('rest/api/2/myself')).status).toBe(200);
    const base = emulator.urls.dataCenter;
    expect(String(options.prefixUrl)).toBe(base);
    // The first request is made again for the base URL, which ends ky 1's hooks; the later ones go there at once.
    expect(seen).toEqual([`${base}/rest/api/2/myself true`, `${base}/rest/api/2/myself true`]);
    expect(emulator.requests({ path: /myself/ }).map((entry) => `${entry.host} ${entry.path}`)).toEqual(
      Array(3).fill('dc /jira/rest/api/2/myself'),
    );
  });

  it('ky 1: an absolute URL given as a string goes where it says, with credentials only on the origin', async () => {
    const auth = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
    const jira = ky.create({ ...jiraAuth(auth), retry: 0 });
    const foreign = `${emulator.urls.foreign}/__emulator/echo?x=1`;
    // Before the base URL is known, and after.
    expect((await jira.get(foreign)).status).toBe(200);
    expect((await jira.get('rest/api/2/myself')).status).toBe(200);
    expect((await jira.post(foreign, { json: { summary: 'x' } })).status).toBe(200);
    expect((await jira.get(`${emulator.urls.dataCenter}/rest/api/2/myself`)).status).toBe(200);
    const landed = emulator.requests().filter((entry) => entry.host === 'foreign' || entry.host === 'dc');
    expect(
      landed.map(
        (entry) => `${entry.host} ${entry.method} ${entry.path} ${entry.headers.authorization ?? 'none'}`,
      ),
    ).toEqual([
      'foreign GET /__emulator/echo?x=1 none',
      `dc GET /jira/rest/api/2/myself Bearer ${DEFAULT_DC_USER.pat}`,
      'foreign POST /__emulator/echo?x=1 none',
      `dc GET /jira/rest/api/2/myself Bearer ${DEFAULT_DC_USER.pat}`,
    ]);
    expect(landed[2]?.body).toBe('{"summary":"x"}');
    expect(landed[2]?.headers['content-length']).toBe('15');
  });

  it('returns ky Options, and refuses a ky option that is neither an instance nor a major', () => {
    const auth = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
    expectTypeOf(jiraAuth(auth)).toEqualTypeOf<Options>();
    expect(String(jiraAuth(auth).prefixUrl)).toBe('https://jira-auth.invalid/');
    // A ky 2 instance is told apart by its `query` method.
    const ky2Like = Object.assign(() => undefined, { create: () => undefined, query: () => undefined });
    const forKy2 = jiraAuth(auth, { ky: ky2Like as never });
    expect(forKy2.prefixUrl).toBeUndefined();
    expect(String((forKy2 as { prefix?: unknown }).prefix)).toBe('https://jira-auth.invalid/');
    expect(() => jiraAuth(auth, { ky: 3 as never })).toThrow(
      expect.objectContaining({ code: 'JIRA_AUTH_CONFIGURATION', field: 'ky' }),
    );
    expect(() => jiraAuth(auth, { ky: {} as never })).toThrow(/ky must be the ky instance you extend/);
  });

  it('watches responses only for a strategy that can retry: a fixed token still fails with its reason', async () => {
    const pat = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: 'not-a-valid-pat-2222' });
    expect(jiraAuth(pat).hooks?.afterResponse).toBeUndefined();
    // A copy with its own unauthorized() may retry: it is watched.
    const copy = { ...pat, unauthorized: async () => ({ retry: true }) as const };
    expect(jiraAuth(copy).hooks?.afterResponse).toHaveLength(1);
    const error = await ky
      .create({ ...jiraAuth(pat), retry: 0 })
      .get('rest/api/2/myself')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HTTPError);
    expect(jiraAuthErrorOf(error)?.code).toBe('JIRA_AUTH_CREDENTIAL_REJECTED');
    expect(emulator.requests({ path: '/rest/api/2/myself' })).toHaveLength(1);
  });

  it('a prefixUrl of the base URL itself is sent to as it is, with no request made again, and later hooks run', async () => {
    const seen: string[] = [];
    const auth = bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
    const jira = ky
      .create({ ...jiraAuth(auth), prefixUrl: emulator.urls.dataCenter })
      .extend({ hooks: { beforeRequest: [(request) => void seen.push(request.url)] } });
    expect(await jira.get('rest/api/2/myself').json()).toMatchObject({ name: DEFAULT_DC_USER.username });
    // ky 1 ends the list at a hook that returns a new request: this one ran, so none was returned.
    expect(seen).toEqual([`${emulator.urls.dataCenter}/rest/api/2/myself`]);
    expect(emulator.requests({ host: 'dc' })[0]?.headers.authorization).toBe(`Bearer ${DEFAULT_DC_USER.pat}`);
  });

  it("the application's own beforeRequest hooks run when they come first", async () => {
    const seen: string[] = [];
    const jira = ky.create({ hooks: { beforeRequest: [(request) => void seen.push(request.url)] } }).extend(
      jiraAuth(bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string }), {
        ky: 1,
      }),
    );
    expect(await jira.get('rest/api/2/myself').json()).toMatchObject({ name: DEFAULT_DC_USER.username });
    expect(seen).toEqual(['https://jira-auth.invalid/rest/api/2/myself']);
  });

  it('a stream body is not replayed: the 401 carries a BodyNotReplayableError', async () => {
    const retrying: AuthStrategy = {
      ...bearerAuth({ baseUrl: emulator.urls.dataCenter, token: 'not-a-valid-pat-1111' }),
      unauthorized: async () => ({ retry: true }),
    };
    const jira = ky.create({ ...jiraAuth(retrying, { ky: 1 }), retry: 0 });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"fields":{}}'));
        controller.close();
      },
    });
    const error = await jira
      .post('rest/api/2/issue', {
        body,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as never)
      .catch((failure: unknown) => failure);
    expect((error as { response?: Response }).response?.status).toBe(401);
    expect(BodyNotReplayableError.isInstance(jiraAuthErrorOf(error))).toBe(true);
    expect(emulator.requests({ host: 'dc' })).toHaveLength(1);
  });

  it("a ky HTTPError's request carries no live credential", async () => {
    const token = 'not-a-valid-pat-2222-abcdef';
    const jira = ky.create({
      ...jiraAuth(bearerAuth({ baseUrl: emulator.urls.dataCenter, token }), { ky: 1 }),
      retry: 0,
    });
    const error = (await jira.get('rest/api/2/myself').catch((failure: unknown) => failure)) as HTTPError;
    expect(error).toBeInstanceOf(HTTPError);
    expect(error.response.status).toBe(401);
    // It was sent: the emulator saw it.
    expect(emulator.requests({ host: 'dc' })[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(error.request.headers.get('authorization')).toBe('[REDACTED]');
    for (const printed of [
      inspect(error, { showHidden: true, depth: 12 }),
      inspect(error.request, { showHidden: true, depth: 12 }),
      JSON.stringify([...error.request.headers]),
      String(error),
    ])
      expect(printed).not.toContain(token);
  });
});
