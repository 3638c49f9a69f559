// `pnpm bench`: every benchmark, one after the other, with their tables printed and written to bench/RESULTS.md
// (with the machine and the versions), and the size and overhead charts drawn as SVG for the docs page
// (docs/public/bench/). Figures, never assertions: the size budgets are checked by the test command instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { barChart } from './chart.mjs';
import { measure, measureComparisons } from './sizes/measure.mjs';

const here = new URL('.', import.meta.url);
// Read from the folder, not resolved: some packages' exports do not include their package.json.
const version = (name) =>
  JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, here), 'utf8')).version;
const overheadJson = join(tmpdir(), `jira-auth-overhead-${process.pid}.json`);
const ky2OverheadJson = join(tmpdir(), `jira-auth-overhead-ky2-${process.pid}.json`);
// ky 2 needs Node 22: the binary the Node 22 conformance leg installs from the npm registry (the `node` package).
const node22 = new URL('../packages/conformance-node22/node_modules/node/bin/node', here);

/** Runs one benchmark script (with another Node when `node` is given) and returns what it printed. */
function run(script, env = {}, node = process.execPath) {
  process.stdout.write(`\n== ${script}${node === process.execPath ? '' : ` (${node})`}\n`);
  const started = Date.now();
  const output = execFileSync(node, ['--expose-gc', script], {
    cwd: here,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(`${output}(${Math.round((Date.now() - started) / 1000)} s)\n`);
  return output.trim();
}

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const sections = [
  ['Bundle sizes', run('sizes/run.mjs')],
  ['Per-request overhead', run('overhead/run.mjs', { BENCH_JSON: overheadJson })],
  [
    'Per-request overhead, ky 2 (Node 22)',
    existsSync(node22)
      ? run(
          'overhead/run.mjs',
          { BENCH_JSON: ky2OverheadJson, CLIENTS: 'ky', KY: '2' },
          fileURLToPath(node22),
        )
      : 'skipped: no Node 22 binary in packages/conformance-node22 (run the install)',
  ],
  ['Start-up', run('startup/run.mjs')],
  ['The command at a prompt', run('cli-prompt/run.mjs')],
  ['Token storm', run('token-storm/run.mjs')],
  ['Type-check cost', run('typecheck-cost/run.mjs')],
  [
    'Refresh across processes (Redis)',
    hasRedis ? run('redis-refresh/run.mjs') : 'skipped: no redis-server on the PATH',
  ],
];

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const versions = ['axios', 'got', 'ky', 'ky2', 'openapi-fetch', 'typescript', 'esbuild']
  .map((name) => `${name} ${version(name)}`)
  .join(', ');
const results = [
  '# Benchmark results',
  '',
  `Written by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}, Node ${process.version}; ${versions}.`,
  'Figures from one run on a shared machine. Sizes are exact. Overhead is judged on what jira-auth adds at the',
  "client's transport seam over the bare client's CPU time on loopback; wall time on loopback varies from run to run",
  'by more than the 5% budget.',
  '',
  ...sections.flatMap(([title, text]) => [
    `## ${title}`,
    '',
    /^\|/m.test(text) ? text : ['```', text, '```'].join('\n'),
    '',
  ]),
].join('\n');
writeFileSync(new URL('RESULTS.md', here), results);

// Charts for the docs page.
const charts = new URL('../docs/public/bench/', here);
mkdirSync(charts, { recursive: true });
// The comparison table repeats core's own row for reading side by side; the chart needs it once.
const sizes = [
  ...(await measure()),
  ...(await measureComparisons()).filter((row) => !row.name.startsWith('jira-auth')),
].filter((row) => row.gzip !== undefined);
writeFileSync(
  new URL('sizes.svg', charts),
  barChart({
    title: 'Gzipped bundle size (kB): lower is better',
    rows: sizes.map((row) => ({
      label: row.name,
      value: row.gzip / 1024,
      limit: row.budget && row.budget / 1024,
    })),
    unit: 'kB',
  }),
);
const overhead = [overheadJson, ky2OverheadJson]
  .filter((file) => existsSync(file))
  .flatMap((file) => JSON.parse(readFileSync(file, 'utf8')));
writeFileSync(
  new URL('overhead.svg', charts),
  barChart({
    title:
      "Bare client's CPU per request plus what jira-auth adds, over the bare client's: 1.05 is the budget",
    rows: overhead.map((row) => ({
      label: `${row.client}, ${row.strategy}, ${row.concurrency === 1 ? 'sequential' : `concurrency ${row.concurrency}`}`,
      value: row.ratio,
      limit: 1.05,
    })),
    unit: 'x',
  }),
);
console.log('\nWritten: bench/RESULTS.md, docs/public/bench/sizes.svg, docs/public/bench/overhead.svg');
