// Start-up cost: how long a fresh Node process takes to import each adapter, next to importing its client alone
// (median of ROUNDS fresh processes each, interleaved). Budget: at most 1.05x of the client alone. Prints figures.
import { execFileSync } from 'node:child_process';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const PAIRS = [
  ['axios', 'axios', '@jira-auth/axios'],
  ['got', 'got', '@jira-auth/got'],
  ['ky', 'ky', '@jira-auth/ky'],
  ['openapi-fetch', 'openapi-fetch', '@jira-auth/openapi-fetch'],
];

/** Milliseconds to import `specifiers` in a new process, measured inside it (process start-up left out). */
function importTime(specifiers) {
  const script = `const t = performance.now(); await Promise.all(${JSON.stringify(specifiers)}.map((s) => import(s))); console.log(performance.now() - t);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('.', import.meta.url),
    }),
  );
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(
  `Import time in a fresh process, median of ${ROUNDS} (Node ${process.version}). Budget: 1.05x.\n`,
);
console.log('| client | client alone ms | client + adapter ms | ratio | budget |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [name, client, adapter] of PAIRS) {
  const alone = [];
  const withAdapter = [];
  for (let round = 0; round < ROUNDS; round++) {
    alone.push(importTime([client]));
    withAdapter.push(importTime([client, adapter]));
  }
  const ratio = median(withAdapter) / median(alone);
  console.log(
    `| ${name} | ${median(alone).toFixed(1)} | ${median(withAdapter).toFixed(1)} | ${ratio.toFixed(3)}x | ${ratio <= 1.05 ? 'ok' : 'over'} |`,
  );
}
