import { bearerAuth } from '@jira-auth/core';
import { DEFAULT_DC_USER, Emulator } from '@jira-auth/emulator';
import { type JiraAuthKyOptions, jiraAuth } from '@jira-auth/ky';
import ky, { type Options } from 'ky2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

// A base URL with a path of its own (Data Center's context path, like the gateway's /ex/jira/{cloudId}): a path
// with a leading slash must keep it.
const pat = () => bearerAuth({ baseUrl: emulator.urls.dataCenter, token: DEFAULT_DC_USER.pat as string });
// @jira-auth/ky is typed with the ky of its own workspace build (ky 1): these casts bridge its types and ky 2's.
const kyAuth = (strategy: ReturnType<typeof pat>) =>
  jiraAuth(strategy, { ky: ky as unknown as NonNullable<JiraAuthKyOptions['ky']> }) as unknown as Options;
const sent = (host: 'dc' | 'foreign') =>
  emulator.requests({ host }).map((entry) => `${entry.path} ${entry.headers.authorization ?? 'none'}`);

describe('ky 2: where requests go', () => {
  it('once the base URL is known, ky builds each request for it: hooks before and after see where it goes', async () => {
    const before: string[] = [];
    const after: string[] = [];
    const options = kyAuth(pat());
    const jira = ky
      .create({ hooks: { beforeRequest: [({ request }) => void before.push(request.url)] } })
      .extend(options)
      .extend({ hooks: { beforeRequest: [({ request }) => void after.push(request.url)] } });
    for (const path of ['/rest/api/2/myself', 'rest/api/2/myself', '/rest/api/2/myself'])
      expect((await jira.get(path)).status).toBe(200);
    const base = emulator.urls.dataCenter;
    // Only the first request, sent before the base URL was known, is made again for it.
    expect(before).toEqual([
      'https://jira-auth.invalid/rest/api/2/myself',
      `${base}/rest/api/2/myself`,
      `${base}/rest/api/2/myself`,
    ]);
    expect(after).toEqual(Array(3).fill(`${base}/rest/api/2/myself`));
    expect(String((options as { prefix?: unknown }).prefix)).toBe(base);
    expect(sent('dc')).toEqual(Array(3).fill(`/jira/rest/api/2/myself Bearer ${DEFAULT_DC_USER.pat}`));
  });

  it('an absolute URL given as a string goes where it says, before and after the base URL is known', async () => {
    const jira = ky.create({ ...kyAuth(pat()), retry: 0 });
    const foreign = `${emulator.urls.foreign}/__emulator/echo?x=1`;
    // First, while the base URL is not known yet; then once it is.
    expect((await jira.get(foreign)).status).toBe(200);
    expect((await jira.get('/rest/api/2/myself')).status).toBe(200);
    expect((await jira.get(foreign)).status).toBe(200);
    expect(sent('foreign')).toEqual(Array(2).fill('/__emulator/echo?x=1 none'));
    // On the strategy's origin, an absolute URL outside the base URL's path keeps its path, and gets credentials.
    expect(
      (await jira.get(`${new URL(emulator.urls.dataCenter).origin}/jira/rest/api/2/myself`)).status,
    ).toBe(200);
    expect(sent('dc')).toEqual(Array(2).fill(`/jira/rest/api/2/myself Bearer ${DEFAULT_DC_USER.pat}`));
  });

  it('a JSON body goes with its length when its request is made again for an absolute URL', async () => {
    const jira = ky.create({ ...kyAuth(pat()), retry: 0 });
    expect(
      (await jira.post(`${emulator.urls.foreign}/__emulator/echo`, { json: { summary: 'x' } })).status,
    ).toBe(200);
    const [landed] = emulator.requests({ host: 'foreign' });
    expect(landed?.body).toBe('{"summary":"x"}');
    expect(landed?.headers['content-length']).toBe('15');
    expect(landed?.headers.authorization).toBeUndefined();
  });
});
