// How long `jira-auth header`, `token` and `--version` take next to `node -e 0`: what a shell prompt or an agent
// pays on every call. ROUNDS rounds, each running the four processes back to back (interleaved, so that a busy moment
// of the machine touches all four); the figure is each command's median wall time less node's own median. The budget
// is 60 ms. `header` reads a stored API token; `token` a stored OAuth token set that is still valid (no refresh, no
// lock). Prints figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenKey } from '@jira-auth/core';
import { fileStore } from '@jira-auth/file-store';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const BUDGET_MS = 60;
const cli = fileURLToPath(new URL('../node_modules/@jira-auth/cli/dist/cli.mjs', import.meta.url));

const config = mkdtempSync(join(tmpdir(), 'jira-auth-prompt-'));
const oauth = { clientId: 'bench-client', account: 'bench-account' };
writeFileSync(
  join(config, 'profiles.json'),
  JSON.stringify({
    default: 'basic',
    profiles: {
      basic: {
        method: 'api-token',
        site: 'https://bench.atlassian.net',
        email: 'bench@example.com',
        apiToken: 'bench-api-token',
        scoped: false,
      },
      oauth: {
        method: 'oauth',
        site: 'https://bench.atlassian.net',
        clientSecret: 'bench-secret',
        cloudId: '00000000-0000-4000-8000-000000000000',
        ...oauth,
      },
    },
  }),
  { mode: 0o600 },
);
await fileStore(join(config, 'tokens.json')).set(
  tokenKey('atlassian', oauth.clientId, oauth.account),
  {
    accessToken: 'bench-access-token',
    refreshToken: 'bench-refresh-token',
    expiresAt: Date.now() + 3_600_000,
    scope: ['read:jira-work', 'offline_access'],
    tokenType: 'Bearer',
  },
  { replaces: null },
);

const runs = {
  'node -e 0': ['-e', '0'],
  'jira-auth --version': [cli, '--version'],
  'jira-auth header': [cli, 'header'],
  'jira-auth token (OAuth, valid)': [cli, 'token', '--profile', 'oauth'],
};
const env = { ...process.env, JIRA_AUTH_CONFIG_DIR: config, JIRA_AUTH_STORAGE: 'file' };
const times = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, args] of Object.entries(runs)) {
    const started = process.hrtime.bigint();
    const { status, stderr } = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (status !== 0) throw new Error(`${name} failed (exit ${status}): ${stderr}`);
    times[name].push(ms);
  }
}
rmSync(config, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const node = median(times['node -e 0']);
console.log(
  `Wall time of a fresh process, median of ${ROUNDS} interleaved runs (Node ${process.version}). Budget: within ${BUDGET_MS} ms of node -e 0.\n`,
);
console.log('| command | median ms | over node -e 0, ms | budget |');
console.log('| --- | ---: | ---: | --- |');
for (const [name, values] of Object.entries(times)) {
  const over = median(values) - node;
  const verdict = name === 'node -e 0' ? '' : over <= BUDGET_MS ? 'ok' : 'over';
  console.log(
    `| ${name} | ${median(values).toFixed(1)} | ${name === 'node -e 0' ? '' : over.toFixed(1)} | ${verdict} |`,
  );
}
