// Per-request overhead of each adapter over its bare client, on loopback: a keep-alive server answering a small
// JSON body, the same requests sent by the bare client and by the client with jira-auth, in interleaved rounds
// (bare, adapter, bare, ...), the median of the rounds. Sequential and at concurrency 50. Prints figures; asserts
// nothing. `pnpm --filter @jira-auth/bench run overhead` (ROUNDS, REQUESTS to change the defaults).
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);
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
    bare: (base) => {
      const client = axios.create({ baseURL: base });
      return async () => (await client.get(`/${path}`)).data;
    },
    auth: (_base, strategy) => {
      const client = axios.create();
      withJiraAuth(client, strategy);
      return async () => (await client.get(`/${path}`)).data;
    },
  },
  got: {
    bare: (base) => {
      const client = got.extend({ prefixUrl: base, retry: { limit: 0 } });
      return () => client.get(path).json();
    },
    auth: (_base, strategy) => {
      const client = got.extend(gotAuth(strategy), { retry: { limit: 0 } });
      return () => client.get(path).json();
    },
  },
  ky: {
    bare: (base) => {
      const client = ky.create({ prefixUrl: base, retry: 0 });
      return () => client.get(path).json();
    },
    'no-op hooks': (base) => {
      const noop = () => undefined;
      const client = ky.create({
        prefixUrl: base,
        retry: 0,
        hooks: { beforeRequest: [noop], afterResponse: [noop], beforeError: [(error) => error] },
      });
      return () => client.get(path).json();
    },
    auth: (_base, strategy) => {
      const client = ky.create({ ...kyAuth(strategy), retry: 0 });
      return () => client.get(path).json();
    },
  },
  'openapi-fetch': {
    bare: (base) => {
      const client = createClient({ baseUrl: base });
      return async () => (await client.GET(`/${path}`)).data;
    },
    auth: (_base, strategy) => {
      const client = createJiraClient({ auth: strategy });
      return async () => (await client.GET(`/${path}`)).data;
    },
  },
  fetch: {
    bare: (base) => async () => (await fetch(`${base}/${path}`)).json(),
    auth: (_base, strategy) => {
      const send = jiraFetch(strategy);
      return async () => (await send(`/${path}`)).json();
    },
  },
};

/** Microseconds per request for `requests` requests, `concurrency` at a time. */
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

const rows = [];
for (const [clientName, kinds] of Object.entries(clients)) {
  for (const [strategyName, { base, make }] of Object.entries(strategies)) {
    const senders = Object.fromEntries(
      Object.entries(kinds).map(([kind, build]) => [kind, build(base, make())]),
    );
    for (const send of Object.values(senders)) await time(send, 200, 10); // warm up: connections, JIT, tokens
    for (const concurrency of [1, 50]) {
      const figures = Object.fromEntries(Object.keys(senders).map((kind) => [kind, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const [kind, send] of Object.entries(senders))
          figures[kind].push(await time(send, REQUESTS, concurrency));
      }
      const bare = median(figures.bare);
      const row = {
        client: clientName,
        strategy: strategyName,
        concurrency,
        bare,
        auth: median(figures.auth),
      };
      if (figures['no-op hooks']) row.noop = median(figures['no-op hooks']);
      rows.push(row);
    }
  }
}
child.kill();

console.log(
  `Per-request time on loopback, median of ${ROUNDS} interleaved rounds of ${REQUESTS} requests (Node ${process.version}).`,
);
console.log(
  'Budget: within 5% of the bare client (of the no-op-hook client where its hooks alone cost more).\n',
);
console.log('| client | strategy | concurrency | bare µs | no-op hooks µs | jira-auth µs | ratio | budget |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) {
  const floor = row.noop ?? row.bare;
  const ratio = row.auth / floor;
  console.log(
    `| ${row.client} | ${row.strategy} | ${row.concurrency} | ${row.bare.toFixed(1)} | ${row.noop ? row.noop.toFixed(1) : ''} | ${row.auth.toFixed(1)} | ${ratio.toFixed(3)}x | ${ratio <= 1.05 ? 'ok' : 'over'} |`,
  );
}
// For bench/all.mjs, which draws the chart.
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows));
