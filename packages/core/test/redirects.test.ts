// The kit's own redirect following for fetch clients on the gateway: as fetch follows (a 307 sends the body again,
// a 303 turns into a GET), with credentials only under the strategy's base.
import { DEFAULT_CLOUD_USER, Emulator } from '@jira-auth/emulator';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { followRedirects, followsRedirects, sendFollowing } from '../src/adapter-kit/index.js';

const emulator = new Emulator();
beforeAll(() => emulator.start());
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const scoped = `Basic ${btoa(`${DEFAULT_CLOUD_USER.email}:${DEFAULT_CLOUD_USER.scopedToken}`)}`;
const base = () => new URL(emulator.urls.gateway);
const path = () => `/ex/jira/${emulator.cloudId}`;

it('follows only for a base on the gateway, under it, when redirects are followed', () => {
  expect(followsRedirects(base(), `${emulator.urls.gateway}/rest/api/3/myself`, undefined)).toBe(true);
  expect(followsRedirects(base(), `${emulator.urls.gateway}/rest/api/3/myself`, 'manual')).toBe(false);
  expect(followsRedirects(base(), `${emulator.urls.site}/rest/api/3/myself`, 'follow')).toBe(false);
  expect(followsRedirects(undefined, `${emulator.urls.gateway}/rest/api/3/myself`, 'follow')).toBe(false);
  // A site's base is its whole origin: fetch's own rule is enough there.
  expect(followsRedirects(new URL(emulator.urls.site), `${emulator.urls.site}/x`, 'follow')).toBe(false);
});

it('a 307 sends the body again, with credentials, to a target under the base', async () => {
  emulator.inject({
    host: 'api',
    path: `${path()}/rest/api/2/issue`,
    status: 307,
    headers: { location: `${path()}/rest/api/3/issue` },
  });
  const body = JSON.stringify({
    fields: { project: { key: 'DEMO' }, summary: 'moved', issuetype: { name: 'Task' } },
  });
  const response = await sendFollowing(
    base(),
    new Request(`${emulator.urls.gateway}/rest/api/2/issue`, {
      method: 'POST',
      headers: { authorization: scoped, 'content-type': 'application/json' },
      body,
    }),
    fetch,
  );
  expect(response.status).toBe(201);
  const [first, second] = emulator.requests({ host: 'api' });
  expect(second).toMatchObject({
    method: 'POST',
    body,
    headers: { authorization: scoped, 'content-type': 'application/json' },
  });
  expect(first?.body).toBe(body);
});

it('a 303 turns a POST into a GET without its body; a target outside the base gets no credentials', async () => {
  emulator.inject({
    host: 'api',
    path: `${path()}/rest/api/3/issue`,
    status: 303,
    headers: { location: `/ex/jira/another-cloud-id/rest/api/3/myself` },
  });
  await sendFollowing(
    base(),
    new Request(`${emulator.urls.gateway}/rest/api/3/issue`, {
      method: 'POST',
      headers: { authorization: scoped, 'content-type': 'application/json', 'x-atlassian-token': 'no-check' },
      body: '{}',
    }),
    fetch,
  );
  const second = emulator.requests({ host: 'api' })[1];
  expect(second).toMatchObject({
    method: 'GET',
    body: '',
    path: '/ex/jira/another-cloud-id/rest/api/3/myself',
  });
  expect(second?.headers.authorization).toBeUndefined();
  expect(second?.headers['x-atlassian-token']).toBeUndefined();
  expect(second?.headers['content-type']).toBeUndefined();
});

it('stops after 20 redirects and hands on the last one, as fetch gives up', async () => {
  emulator.inject({
    host: 'api',
    path: `${path()}/loop`,
    status: 302,
    headers: { location: `${path()}/loop` },
    times: 25,
  });
  const response = await sendFollowing(
    base(),
    new Request(`${emulator.urls.gateway}/loop`, { headers: { authorization: scoped } }),
    fetch,
  );
  expect(response.status).toBe(302);
  expect(emulator.requests({ host: 'api' })).toHaveLength(21);
});

const post = (to: string, method = 'POST') =>
  new Request(`${emulator.urls.gateway}${to}`, {
    method,
    headers: { authorization: scoped, 'content-type': 'application/json' },
    body: JSON.stringify({
      fields: { project: { key: 'DEMO' }, summary: 'hops', issuetype: { name: 'Task' } },
    }),
  });

it('two 307s in a row send the body on each hop', async () => {
  for (const [from, to] of [
    ['/rest/api/1/issue', '/rest/api/2/issue'],
    ['/rest/api/2/issue', '/rest/api/3/issue'],
  ] as const)
    emulator.inject({
      host: 'api',
      path: `${path()}${from}`,
      status: 307,
      headers: { location: `${path()}${to}` },
    });
  expect((await sendFollowing(base(), post('/rest/api/1/issue'), fetch)).status).toBe(201);
  expect(emulator.requests({ host: 'api' }).map((entry) => entry.body.length > 0)).toEqual([
    true,
    true,
    true,
  ]);
});

it('a 301 or 302 after a POST turns into a GET; after a PUT, the PUT goes on with its body', async () => {
  for (const status of [301, 302]) {
    emulator.reset();
    emulator.inject({
      host: 'api',
      path: `${path()}/moved`,
      status,
      headers: { location: `${path()}/rest/api/3/myself` },
    });
    expect((await sendFollowing(base(), post('/moved'), fetch)).status).toBe(200);
    expect(emulator.requests({ host: 'api' })[1]).toMatchObject({ method: 'GET', body: '' });
  }
  emulator.reset();
  emulator.inject({
    host: 'api',
    path: `${path()}/moved`,
    status: 302,
    headers: { location: `${path()}/rest/api/3/issue/DEMO-1` },
  });
  await sendFollowing(base(), post('/moved', 'PUT'), fetch);
  const second = emulator.requests({ host: 'api' })[1];
  expect(second?.method).toBe('PUT');
  expect(second?.body.length).toBeGreaterThan(0);
});

it('hands on a redirect without a Location, and a 307 whose body is spent, as they are', async () => {
  emulator.inject({ host: 'api', path: `${path()}/nowhere`, status: 302 });
  expect((await sendFollowing(base(), new Request(`${emulator.urls.gateway}/nowhere`), fetch)).status).toBe(
    302,
  );
  expect(emulator.requests({ host: 'api' })).toHaveLength(1);
  // openapi-fetch hands over the request it sent, its body read: a 307 cannot be followed with it.
  const spent = post('/rest/api/2/issue');
  await spent.text();
  const answer = new Response(null, { status: 307, headers: { location: `${path()}/rest/api/3/issue` } });
  expect(await followRedirects(base(), spent, answer, fetch)).toBe(answer);
  // A redirect with no body at all is followed too.
  const bodiless = new Response(null, { status: 302, headers: { location: `${path()}/rest/api/3/myself` } });
  const followed = await followRedirects(
    base(),
    new Request(`${emulator.urls.gateway}/x`, { headers: { authorization: scoped } }),
    bodiless,
    fetch,
  );
  expect(followed.status).toBe(200);
});
