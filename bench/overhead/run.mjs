// Per-request overhead of each adapter over its bare client, on loopback: a keep-alive server (a process of its
// own) answering a small JSON body, the same requests sent by the bare client (with the same Authorization header,
// set by hand) and by the client with jira-auth. Sequential and at concurrency 50. Prints figures; asserts nothing.
// `pnpm --filter @jira-auth/bench run overhead` (ROUNDS, REQUESTS, PROFILED to change the defaults; CLIENTS=axios,ky
// for some clients only; PROFILE_DETAIL=1 prints where jira-auth's CPU time goes).
//
// Two figures per row:
// - jira-auth's share of the client's CPU, from a CPU profile of the adapter's requests: every sample is charged to
//   the nearest jira-auth or client frame on its stack (Node's own internals, such as URL or Headers, are charged to
//   whoever called them). The ratio is busy time over busy time without jira-auth's part. This is what the budget
//   judges: it measures what jira-auth adds, and varies little between runs. Its limit: work that jira-auth asks
//   of the client (a `Request` that ky's and openapi-fetch's adapters build to re-aim a request, headers they set)
//   runs in the client's frames and is charged to the client; the wall ratio beside it takes that in, with noise.
// - The wall time ratio, the median of each round's ratio to the round beside it (rounds interleaved, order
//   alternating). On a shared machine this moves by several percent between runs even for identical clients.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { withJiraAuth } from '@jira-auth/axios';
import { basicAuth, oauth2 } from '@jira-auth/core';
import { jiraFetch } from '@jira-auth/fetch';
import { jiraAuth as gotAuth } from '@jira-auth/got';
import { jiraAuth as kyAuth } from '@jira-auth/ky';
import { createJiraClient } from '@jira-auth/openapi-fetch';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import createClient from 'openapi-fetch';

const ROUNDS = Number(process.env.ROUNDS ?? 31);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const PROFILED = Number(process.env.PROFILED ?? 3000);
const CLOUD_ID = 'bench-cloud-id';
const child = fork(new URL('./server.mjs', import.meta.url));
const port = await new Promise((resolve) => child.once('message', resolve));
const origin = `http://127.0.0.1:${port}`;

/** The base URL each strategy sends to, and the strategy. */
const strategies = {
  'API token': {
    base: origin,
    make: () => basicAuth({ site: origin, email: 'ada@example.com', apiToken: 'bench-api-token-0123' }),
  },
  'OAuth (warm token)': {
    base: `${origin}/ex/jira/${CLOUD_ID}`,
    make: () =>
      oauth2({
        clientId: 'bench-client',
        clientSecret: 'bench-secret',
        account: 'bench-account',
        cloudId: CLOUD_ID,
        endpoints: { api: origin, auth: origin },
        tokens: {
          accessToken: 'bench-access-token-0123',
          refreshToken: 'r',
          expiresAt: Date.now() + 86_400_000,
          scope: ['read:jira-user'],
          tokenType: 'Bearer',
        },
      }),
  },
};

const path = 'rest/api/3/myself';
/** Per client: a bare sender, and one with jira-auth, both sending GET {base}/rest/api/3/myself and reading JSON. */
const clients = {
  axios: {
    bare: (base, headers) => {
      const client = axios.create({ baseURL: base, headers });
      return async () => (await client.get(`/${path}`)).data;
    },
    auth: (_base, _headers, strategy) => {
      const client = axios.create();
      withJiraAuth(client, strategy);
      return async () => (await client.get(`/${path}`)).data;
    },
  },
  got: {
    bare: (base, headers) => {
      const client = got.extend({ prefixUrl: base, headers, retry: { limit: 0 } });
      return () => client.get(path).json();
    },
    auth: (_base, _headers, strategy) => {
      const client = got.extend(gotAuth(strategy), { retry: { limit: 0 } });
      return () => client.get(path).json();
    },
  },
  ky: {
    bare: (base, headers) => {
      const client = ky.create({ prefixUrl: base, headers, retry: 0 });
      return () => client.get(path).json();
    },
    'no-op hooks': (base, headers) => {
      const noop = () => undefined;
      const client = ky.create({
        prefixUrl: base,
        headers,
        retry: 0,
        hooks: { beforeRequest: [noop], afterResponse: [noop], beforeError: [(error) => error] },
      });
      return () => client.get(path).json();
    },
    auth: (_base, _headers, strategy) => {
      const client = ky.create({ ...kyAuth(strategy), retry: 0 });
      return () => client.get(path).json();
    },
  },
  'openapi-fetch': {
    bare: (base, headers) => {
      const client = createClient({ baseUrl: base, headers });
      return async () => (await client.GET(`/${path}`)).data;
    },
    auth: (_base, _headers, strategy) => {
      const client = createJiraClient({ auth: strategy });
      return async () => (await client.GET(`/${path}`)).data;
    },
  },
  fetch: {
    bare: (base, headers) => async () => (await fetch(`${base}/${path}`, { headers })).json(),
    auth: (_base, _headers, strategy) => {
      const send = jiraFetch(strategy);
      return async () => (await send(`/${path}`)).json();
    },
  },
};

/** Wall microseconds per request, for `requests` requests, `concurrency` at a time. */
async function time(send, requests, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next += 1;
      await send();
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return Number(process.hrtime.bigint() - start) / 1000 / requests;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** jira-auth's own code, wherever it is installed. */
const JIRA_AUTH = /\/packages\/(core|axios|got|ky|fetch|openapi-fetch)\/dist\/|\/node_modules\/@jira-auth\//;
/** The HTTP clients and what they run on: their packages, and the undici inside Node that fetch is. */
const CLIENT = /\/node_modules\/|^node:internal\/deps\/undici/;

/**
 * CPU microseconds per request of `send`, from a CPU profile of `requests` requests: `busy` is every sample but
 * the idle ones, `jiraAuth` the samples charged to jira-auth (the nearest jira-auth or client frame on the stack).
 */
async function profile(send, requests, concurrency) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  await time(send, requests, concurrency);
  const { profile: result } = await session.post('Profiler.stop');
  session.disconnect();
  const nodes = new Map(result.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of result.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const { url, functionName } = nodes.get(id).callFrame;
    let found;
    if (functionName === '(idle)') found = 'idle';
    else if (JIRA_AUTH.test(url)) found = 'jira-auth';
    else if (CLIENT.test(url)) found = 'client';
    else found = parents.has(id) ? ownerOf(parents.get(id)) : 'other';
    owner.set(id, found);
    return found;
  };
  let busy = 0;
  let jiraAuth = 0;
  result.samples.forEach((id, index) => {
    const delta = result.timeDeltas[index] ?? 0;
    const who = ownerOf(id);
    if (who === 'idle') return;
    busy += delta;
    if (who === 'jira-auth') jiraAuth += delta;
  });
  if (process.env.PROFILE_DETAIL) {
    const byFrame = new Map();
    result.samples.forEach((id, index) => {
      if (ownerOf(id) !== 'jira-auth') return;
      // The innermost frame, and the jira-auth frame it is charged through.
      let at = id;
      while (!JIRA_AUTH.test(nodes.get(at).callFrame.url)) at = parents.get(at);
      const leaf = nodes.get(id).callFrame;
      const mine = nodes.get(at).callFrame;
      const key = `${leaf.functionName || '(anonymous)'} <- ${mine.functionName || '(anonymous)'} ${mine.url.replace(/.*\/packages\//, '')}:${mine.lineNumber}`;
      byFrame.set(key, (byFrame.get(key) ?? 0) + (result.timeDeltas[index] ?? 0));
    });
    const top = [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 12);
    for (const [key, value] of top) console.error(`  ${(value / requests).toFixed(2)} µs ${key}`);
  }
  return { busy: busy / requests, jiraAuth: jiraAuth / requests };
}

const rows = [];
// CLIENTS=axios,ky measures only those.
const only = process.env.CLIENTS?.split(',');
for (const [clientName, kinds] of Object.entries(clients)) {
  if (only && !only.includes(clientName)) continue;
  for (const [strategyName, { base, make }] of Object.entries(strategies)) {
    const strategy = make();
    // The same header on the bare client's requests, set by hand: the bare client does the same job without jira-auth.
    const headers = await strategy.authenticate({ url: new URL(base), method: 'GET' });
    const senders = Object.fromEntries(
      Object.entries(kinds).map(([kind, build]) => [
        kind,
        build(base, headers, kind === 'auth' ? strategy : make()),
      ]),
    );
    for (const send of Object.values(senders)) await time(send, 200, 10); // warm up: connections, JIT, tokens
    for (const concurrency of [1, 50]) {
      const figures = Object.fromEntries(Object.keys(senders).map((kind) => [kind, []]));
      const kindsInOrder = Object.entries(senders);
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? kindsInOrder : [...kindsInOrder].reverse();
        for (const [kind, send] of order) figures[kind].push(await time(send, REQUESTS, concurrency));
      }
      const floor = figures['no-op hooks'] ? 'no-op hooks' : 'bare';
      const cpu = await profile(senders.auth, PROFILED, concurrency);
      const row = {
        client: clientName,
        strategy: strategyName,
        concurrency,
        bare: median(figures.bare),
        auth: median(figures.auth),
        busyCpu: cpu.busy,
        jiraAuthCpu: cpu.jiraAuth,
        ratio: cpu.busy / (cpu.busy - cpu.jiraAuth),
        wallRatio: median(figures.auth.map((value, round) => value / figures[floor][round])),
      };
      if (figures['no-op hooks']) row.noop = median(figures['no-op hooks']);
      rows.push(row);
    }
  }
}
child.kill();

console.log(
  `Per request on loopback (Node ${process.version}): wall time, median of ${ROUNDS} interleaved rounds of ${REQUESTS}; CPU from a profile of ${PROFILED}.`,
);
console.log(
  "Budget: jira-auth's CPU within 5% of the rest of the client's work (ratio, CPU). Wall ratios are over the bare client (ky: over ky with no-op hooks).\n",
);
console.log(
  '| client | strategy | concurrency | bare µs | no-op hooks µs | jira-auth µs | client CPU µs | of it jira-auth µs | ratio, CPU | ratio, wall | budget |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) {
  console.log(
    `| ${row.client} | ${row.strategy} | ${row.concurrency} | ${row.bare.toFixed(1)} | ${row.noop ? row.noop.toFixed(1) : ''} | ${row.auth.toFixed(1)} | ${row.busyCpu.toFixed(1)} | ${row.jiraAuthCpu.toFixed(1)} | ${row.ratio.toFixed(3)}x | ${row.wallRatio.toFixed(3)}x | ${row.ratio <= 1.05 ? 'ok' : 'over'} |`,
  );
}
// For bench/all.mjs, which draws the chart.
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows));
