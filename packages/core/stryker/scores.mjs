// The mutation score of each file, from the report Stryker wrote: killed or timed out over every mutant that is
// not ignored (message texts and mutants marked equivalent are). Stryker's own threshold is over all files together;
// this holds each mutated file to 90% on its own. Every package with a mutation run calls it from its folder with the
// name it gave mutationConfig: `node ../core/stryker/scores.mjs <package>`.
import { readFileSync } from 'node:fs';
import { reportsOf } from './config.mjs';

const THRESHOLD = 90;

const name = process.argv[2];
if (!name) throw new Error('scores.mjs needs the package name its stryker.config.mjs gives mutationConfig');
const path = `${reportsOf(name)}/mutation.json`;
const report = JSON.parse(readFileSync(path, 'utf8'));
const rows = Object.entries(report.files).map(([file, { mutants }]) => {
  const count = (...statuses) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
  const detected = count('Killed', 'Timeout');
  const undetected = count('Survived', 'NoCoverage');
  const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
  return { file, score, detected, undetected, ignored: count('Ignored') };
});

let failed = rows.length === 0;
console.log(`mutation score per file (each must reach ${THRESHOLD}%):`);
for (const row of rows.sort((a, b) => a.file.localeCompare(b.file))) {
  const below = row.score < THRESHOLD;
  if (below) failed = true;
  console.log(
    `  ${row.score.toFixed(1).padStart(5)}%  ${row.file.padEnd(34)} ${row.detected} detected, ${row.undetected} not, ${row.ignored} ignored${below ? '  BELOW THE THRESHOLD' : ''}`,
  );
}
if (rows.length === 0) console.log('  no file in the report: is stryker.config.mjs mutating any?');
process.exit(failed ? 1 : 0);
