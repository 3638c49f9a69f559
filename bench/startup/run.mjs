// Start-up cost: what a fresh Node process spends to import each adapter with its client, next to importing the
// client alone (ROUNDS fresh processes each, interleaved). Measured as the process's CPU time (user + system) when
// the imports are done, Node's own start included: that is what a program pays to start, and unlike wall time on a
// shared machine it varies little from run to run. Budget: at most 1.05x of the client alone, on the least of
// each (noise only adds). Prints figures.
// fetch has no row: it is built into Node, so there is no import of the client alone to compare with.
import { execFileSync } from 'node:child_process';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const PAIRS = [
  ['axios', 'axios', '@jira-auth/axios'],
  ['got', 'got', '@jira-auth/got'],
  ['ky', 'ky', '@jira-auth/ky'],
  ['openapi-fetch', 'openapi-fetch', '@jira-auth/openapi-fetch'],
];

/** CPU milliseconds a new process has used once it has imported `specifiers`. */
function startCost(specifiers) {
  const script = `await Promise.all(${JSON.stringify(specifiers)}.map((s) => import(s))); const u = process.cpuUsage(); console.log((u.user + u.system) / 1000);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('.', import.meta.url),
    }),
  );
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(
  `CPU time of a fresh process until its imports are done, ${ROUNDS} processes each (Node ${process.version}). Budget: 1.05x, on the least of each.\n`,
);
console.log(
  '| client | client alone ms (least, median) | client + adapter ms (least, median) | ratio of least | budget |',
);
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [name, client, adapter] of PAIRS) {
  const alone = [];
  const withAdapter = [];
  for (let round = 0; round < ROUNDS; round++) {
    alone.push(startCost([client]));
    withAdapter.push(startCost([client, adapter]));
  }
  // The least of each: noise only ever adds CPU time (another tenant, a page fault), so the minimum of many fresh
  // processes is the steadiest figure of what the imports themselves cost.
  const ratio = Math.min(...withAdapter) / Math.min(...alone);
  console.log(
    `| ${name} | ${Math.min(...alone).toFixed(1)}, ${median(alone).toFixed(1)} | ${Math.min(...withAdapter).toFixed(1)}, ${median(withAdapter).toFixed(1)} | ${ratio.toFixed(3)}x | ${ratio <= 1.05 ? 'ok' : 'over'} |`,
  );
}
