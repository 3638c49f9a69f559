// Per-request overhead of each adapter over its bare client: the same GET sent by the bare client (with the same
// Authorization header, set by hand) and by the client with jira-auth, sequentially and at concurrency 50. Prints
// figures; asserts nothing. `pnpm --filter @jira-auth/bench run overhead` (ROUNDS, REQUESTS, STUB_ROUNDS,
// STUB_REQUESTS to change the defaults; CLIENTS=axios,ky for some clients only; KY=2 for ky 2's rows instead of ky
// 1's, under Node 22, which ky 2 needs: `pnpm bench` runs that leg with the Node 22 of packages/conformance-node22).
//
// A 5% budget is smaller than what loopback timings move by between two runs of the very same client on a shared
// machine, so each row is two measurements:
// - On loopback, against a keep-alive server in a process of its own (interleaved rounds, order alternating): the
//   bare client's CPU time per request, which is what the budget is a share of, and the wall-time ratio of each
//   round to the round beside it, as a cross-check.
// - At the client's own transport seam, with no I/O at all: the same clients with only the transport answered at
//   once (axios's `adapter`, got's `request`, the `fetch` option of ky, openapi-fetch and jiraFetch), so every line
//   of the client and of jira-auth runs and nothing else varies. What jira-auth adds is the median of each round's
//   time difference to the bare client's round beside it, each round from a collected heap.
// The budget judges (bare CPU on loopback + what jira-auth adds) over bare CPU on loopback. ky is judged over ky
// with no-op hooks, as the budget is over what ky's own hook machinery costs.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { withJiraAuth } from '@jira-auth/axios';
import { basicAuth, oauth2 } from '@jira-auth/core';
import { jiraFetch } from '@jira-auth/fetch';
import { jiraAuth as gotAuth } from '@jira-auth/got';
import { jiraAuth as kyAuth } from '@jira-auth/ky';
import { createJiraClient } from '@jira-auth/openapi-fetch';
import axios from 'axios';
import got from 'got';
import createClient from 'openapi-fetch';
import { BODY } from './body.mjs';

// ky 1 and 2 name the option that aims relative URLs differently, and call beforeError hooks differently.
const KY = Number(process.env.KY ?? 1);
const { default: ky } = await import(KY === 2 ? 'ky2' : 'ky');
const kyPrefix = KY === 2 ? 'prefix' : 'prefixUrl';
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const STUB_ROUNDS = Number(process.env.STUB_ROUNDS ?? 31);
const STUB_REQUESTS = Number(process.env.STUB_REQUESTS ?? 500);
// ky costs about ten times what axios does per request at the seam (it makes its options and a Request for every
// call): 200 requests make its rounds about as long as got's of 500, and keep `pnpm bench` within its 10 minutes.
const KY_STUB_REQUESTS = Number(process.env.STUB_REQUESTS ?? 200);
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

/** Each client's transport seam, answering at once with the server's answer. */
const JSON_HEADERS = {
  'content-type': 'application/json',
  'content-length': String(Buffer.byteLength(BODY)),
};
const seams = {
  /** axios's `adapter`: what its http adapter resolves with. */
  axios: (config) =>
    Promise.resolve({
      data: BODY,
      status: 200,
      statusText: 'OK',
      headers: JSON_HEADERS,
      config,
      request: {},
    }),
  /** got's `request`: a function that may return the response itself (as got's cache does). */
  got: (url) =>
    Object.assign(Readable.from([Buffer.from(BODY)], { objectMode: false }), {
      statusCode: 200,
      statusMessage: 'OK',
      headers: JSON_HEADERS,
      rawHeaders: [],
      url: String(url),
      httpVersion: '1.1',
    }),
  /** The `fetch` option of ky, openapi-fetch and jiraFetch. */
  fetch: async () => new Response(BODY, { status: 200, headers: JSON_HEADERS }),
};

const path = 'rest/api/3/myself';
/**
 * Per client: a bare sender, and one with jira-auth, both sending GET {base}/rest/api/3/myself and reading JSON;
 * `stub` set sends through the transport seam instead of loopback.
 */
const clients = {
  axios: {
    bare: (base, headers, _strategy, stub) => {
      const client = axios.create({ baseURL: base, headers, ...(stub ? { adapter: seams.axios } : {}) });
      return async () => (await client.get(`/${path}`)).data;
    },
    auth: (_base, _headers, strategy, stub) => {
      const client = axios.create(stub ? { adapter: seams.axios } : {});
      withJiraAuth(client, strategy);
      return async () => (await client.get(`/${path}`)).data;
    },
  },
  got: {
    bare: (base, headers, _strategy, stub) => {
      const client = got.extend({
        prefixUrl: base,
        headers,
        retry: { limit: 0 },
        ...(stub ? { request: seams.got } : {}),
      });
      return () => client.get(path).json();
    },
    auth: (_base, _headers, strategy, stub) => {
      const client = got.extend(gotAuth(strategy), {
        retry: { limit: 0 },
        ...(stub ? { request: seams.got } : {}),
      });
      return () => client.get(path).json();
    },
  },
  ky: {
    bare: (base, headers, _strategy, stub) => {
      const client = ky.create({
        [kyPrefix]: base,
        headers,
        retry: 0,
        ...(stub ? { fetch: seams.fetch } : {}),
      });
      return () => client.get(path).json();
    },
    'no-op hooks': (base, headers, _strategy, stub) => {
      const noop = () => undefined;
      const client = ky.create({
        [kyPrefix]: base,
        headers,
        retry: 0,
        hooks: {
          beforeRequest: [noop],
          afterResponse: [noop],
          beforeError: [(error) => (KY === 2 ? error.error : error)],
        },
        ...(stub ? { fetch: seams.fetch } : {}),
      });
      return () => client.get(path).json();
    },
    auth: (_base, _headers, strategy, stub) => {
      const client = ky.create({
        ...kyAuth(strategy, { ky }),
        retry: 0,
        ...(stub ? { fetch: seams.fetch } : {}),
      });
      return () => client.get(path).json();
    },
  },
  'openapi-fetch': {
    bare: (base, headers, _strategy, stub) => {
      const client = createClient({ baseUrl: base, headers, ...(stub ? { fetch: seams.fetch } : {}) });
      return async () => (await client.GET(`/${path}`)).data;
    },
    auth: (_base, _headers, strategy, stub) => {
      const client = createJiraClient({ auth: strategy, ...(stub ? { fetch: seams.fetch } : {}) });
      return async () => (await client.GET(`/${path}`)).data;
    },
  },
  fetch: {
    bare: (base, headers, _strategy, stub) => {
      const send = stub ? seams.fetch : fetch;
      return async () => (await send(`${base}/${path}`, { headers })).json();
    },
    auth: (_base, _headers, strategy, stub) => {
      const send = jiraFetch(strategy, stub ? { fetch: seams.fetch } : {});
      return async () => (await send(`/${path}`)).json();
    },
  },
};

/** Wall and CPU microseconds per request, for `requests` requests, `concurrency` at a time. */
async function time(send, requests, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next += 1;
      await send();
    }
  };
  // From a collected heap (the script runs with --expose-gc): a collection inside one round and not the next is
  // what makes rounds differ most.
  globalThis.gc?.();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = Number(process.hrtime.bigint() - start) / 1000 / requests;
  const { user, system } = process.cpuUsage(cpuBefore);
  return { wall, cpu: (user + system) / requests };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Interleaved rounds (order alternating) of every sender: per kind, the figures of each round. */
async function rounds(senders, count, requests, concurrency) {
  const figures = Object.fromEntries(Object.keys(senders).map((kind) => [kind, []]));
  const kindsInOrder = Object.entries(senders);
  for (let round = 0; round < count; round++) {
    const order = round % 2 === 0 ? kindsInOrder : [...kindsInOrder].reverse();
    for (const [kind, send] of order) figures[kind].push(await time(send, requests, concurrency));
  }
  return figures;
}

const rows = [];
// CLIENTS=axios,ky measures only those.
const only = process.env.CLIENTS?.split(',');
for (const [clientName, kinds] of Object.entries(clients)) {
  if (only && !only.includes(clientName)) continue;
  for (const [strategyName, { base, make }] of Object.entries(strategies)) {
    const floor = kinds['no-op hooks'] ? 'no-op hooks' : 'bare';
    /** Every kind of sender, over loopback or the seam, warmed up (connections, JIT, tokens). */
    const sendersFor = async (stub) => {
      const strategy = make();
      // The same header on the bare client's requests, set by hand: the bare client does the same job.
      const headers = await strategy.authenticate({ url: new URL(base), method: 'GET' });
      const senders = Object.fromEntries(
        Object.entries(kinds).map(([kind, build]) => [
          kind,
          build(base, headers, kind === 'auth' ? strategy : make(), stub),
        ]),
      );
      for (const send of Object.values(senders)) await time(send, 300, 10);
      return senders;
    };
    const onLoopback = await sendersFor(false);
    const atSeam = await sendersFor(true);
    for (const concurrency of [1, 50]) {
      const loop = await rounds(onLoopback, ROUNDS, REQUESTS, concurrency);
      const seam = await rounds(
        atSeam,
        STUB_ROUNDS,
        clientName === 'ky' ? KY_STUB_REQUESTS : STUB_REQUESTS,
        concurrency,
      );
      const floorCpu = median(loop[floor].map((figure) => figure.cpu));
      const added = median(seam.auth.map((figure, round) => figure.wall - seam[floor][round].wall));
      const row = {
        client: clientName === 'ky' && KY === 2 ? 'ky 2' : clientName,
        strategy: strategyName,
        concurrency,
        bare: median(loop.bare.map((figure) => figure.wall)),
        auth: median(loop.auth.map((figure) => figure.wall)),
        wallRatio: median(loop.auth.map((figure, round) => figure.wall / loop[floor][round].wall)),
        floorCpu,
        seamFloor: median(seam[floor].map((figure) => figure.wall)),
        added,
        ratio: (floorCpu + added) / floorCpu,
      };
      if (loop['no-op hooks']) row.noop = median(loop['no-op hooks'].map((figure) => figure.wall));
      rows.push(row);
    }
  }
}
child.kill();

console.log(
  `Per request (Node ${process.version}). On loopback: medians of ${ROUNDS} interleaved rounds of ${REQUESTS}. At the transport seam: the time jira-auth adds, the median over ${STUB_ROUNDS} paired rounds of ${STUB_REQUESTS} (ky: ${KY_STUB_REQUESTS}).`,
);
console.log(
  "Budget: the bare client's CPU on loopback plus what jira-auth adds, within 1.05x of the bare client's CPU (ky: of ky with no-op hooks).\n",
);
console.log(
  '| client | strategy | concurrency | bare µs | no-op hooks µs | jira-auth µs | ratio, wall | bare CPU µs | bare at the seam µs | jira-auth adds µs | ratio, CPU | budget |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) {
  console.log(
    `| ${row.client} | ${row.strategy} | ${row.concurrency} | ${row.bare.toFixed(1)} | ${row.noop ? row.noop.toFixed(1) : ''} | ${row.auth.toFixed(1)} | ${row.wallRatio.toFixed(3)}x | ${row.floorCpu.toFixed(1)} | ${row.seamFloor.toFixed(1)} | ${row.added.toFixed(1)} | ${row.ratio.toFixed(3)}x | ${row.ratio <= 1.05 ? 'ok' : 'over'} |`,
  );
}
// For bench/all.mjs, which draws the chart.
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows));
