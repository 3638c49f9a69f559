// Start-up cost: what a fresh Node process spends to import each adapter with its client, next to importing the
// client alone (ROUNDS fresh processes each, interleaved). Measured as the process's CPU time (user + system) when
// the imports are done, Node's own start included: that is what a program pays to start, and unlike wall time on a
// shared machine it varies little from run to run. What the adapter adds is the median of each round's difference
// to the client-alone process beside it (the two run back to back, so a busy moment of the machine touches both).
// Each round also imports the client with a package that has nothing in it (startup/empty-package): what Node
// charges for any second package (resolving its name through its `exports` map, where Node compiles its check of
// the target to machine code on the second use in a process, and reading and linking a file), measured the same
// way. The adapter's own cost is its median difference minus the empty package's; the budget is that net cost
// within 5% of the least client-alone figure (noise only adds). Prints figures.
// fetch has no row: it is built into Node, so there is no import of the client alone to compare with.
import { execFileSync } from 'node:child_process';

const ROUNDS = Number(process.env.ROUNDS ?? 31);
const PAIRS = [
  ['axios', 'axios', '@jira-auth/axios'],
  ['got', 'got', '@jira-auth/got'],
  ['ky', 'ky', '@jira-auth/ky'],
  ['openapi-fetch', 'openapi-fetch', '@jira-auth/openapi-fetch'],
];
const EMPTY = 'empty-package';

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
  `CPU time of a fresh process until its imports are done, ${ROUNDS} processes each (Node ${process.version}). An adapter's cost is its median paired difference to the client alone, less the same figure for a package with nothing in it (what Node charges for any second package). Budget: that net cost within 1.05x of the least client-alone figure.\n`,
);
console.log(
  '| client | client alone ms (least, median) | client + adapter ms (least, median) | adapter adds ms (median of pairs) | any package adds ms (median of pairs) | net ms | ratio | budget |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const [name, client, adapter] of PAIRS) {
  const alone = [];
  const withAdapter = [];
  const withEmpty = [];
  for (let round = 0; round < ROUNDS; round++) {
    alone.push(startCost([client]));
    withAdapter.push(startCost([client, adapter]));
    withEmpty.push(startCost([client, EMPTY]));
  }
  // Noise only ever adds CPU time (another tenant, a page fault): the least client-alone process is the steadiest
  // figure of the client's own start, and the paired differences of what each second import adds to it.
  const least = Math.min(...alone);
  const added = median(withAdapter.map((cost, round) => cost - alone[round]));
  const anyPackage = median(withEmpty.map((cost, round) => cost - alone[round]));
  const net = added - anyPackage;
  const ratio = (least + net) / least;
  console.log(
    `| ${name} | ${least.toFixed(1)}, ${median(alone).toFixed(1)} | ${Math.min(...withAdapter).toFixed(1)}, ${median(withAdapter).toFixed(1)} | ${added.toFixed(1)} | ${anyPackage.toFixed(1)} | ${net.toFixed(1)} | ${ratio.toFixed(3)}x | ${ratio <= 1.05 ? 'ok' : 'over'} |`,
  );
}
