// The mutation score of each file, from the report Stryker wrote: killed or timed out over every mutant that is
// neither ignored (message texts) nor listed as equivalent in equivalent.json. Stryker's own threshold is over all
// files together; this holds each mutated file to 90% on its own. Every package with a mutation run calls it from its
// folder with the name it gave mutationConfig: `node ../../tooling/mutation/scores.mjs <package>`.
//
// equivalent.json lists, per package, the mutants no test can tell apart from the code (equivalent, or different
// only in time or memory), with why: `file`, the mutator names, and where: `code`, text on the mutant's first line (every line that has it),
// or `from` and `to`, the first and last line of a stretch. A survivor that matches an entry is not counted; an entry
// that matches no mutant any more (its code changed) fails the run, so the list cannot go stale.
import { readFileSync } from 'node:fs';
import { reportsOf } from './config.mjs';

const THRESHOLD = 90;

const name = process.argv[2];
if (!name) throw new Error('scores.mjs needs the package name its stryker.config.mjs gives mutationConfig');
const report = JSON.parse(readFileSync(`${reportsOf(name)}/mutation.json`, 'utf8'));
const listed = JSON.parse(readFileSync(new URL('./equivalent.json', import.meta.url), 'utf8'))[name] ?? [];

/** The 1-based line numbers an entry covers in a file's source, or none when its code is not there. */
function linesOf(entry, lines) {
  const find = (text, from = 0) => lines.findIndex((line, index) => index >= from && line.includes(text));
  if (entry.code !== undefined) {
    return lines.flatMap((line, index) => (line.includes(entry.code) ? [index + 1] : []));
  }
  const start = find(entry.from);
  const end = start < 0 ? -1 : find(entry.to, start);
  return end < 0 ? [] : Array.from({ length: end - start + 1 }, (_, index) => start + index + 1);
}

const used = new Set();
const stale = [];
for (const entry of listed) {
  const file = report.files[entry.file];
  if (!file) continue;
  const lines = linesOf(entry, file.source.split('\n'));
  const matching = file.mutants.filter(
    (mutant) => lines.includes(mutant.location.start.line) && entry.mutators.includes(mutant.mutatorName),
  );
  if (matching.length === 0) stale.push(entry);
  for (const mutant of matching)
    if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') used.add(mutant);
}

const rows = Object.entries(report.files).map(([file, { mutants }]) => {
  const count = (...statuses) =>
    mutants.filter((mutant) => statuses.includes(mutant.status) && !used.has(mutant)).length;
  const detected = count('Killed', 'Timeout');
  const undetected = count('Survived', 'NoCoverage');
  const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
  const equivalent = mutants.filter((mutant) => used.has(mutant)).length;
  return { file, score, detected, undetected, equivalent, ignored: count('Ignored') };
});

let failed = rows.length === 0 || stale.length > 0;
console.log(`mutation score per file (each must reach ${THRESHOLD}%):`);
for (const row of rows.sort((a, b) => a.file.localeCompare(b.file))) {
  const below = row.score < THRESHOLD;
  if (below) failed = true;
  console.log(
    `  ${row.score.toFixed(1).padStart(5)}%  ${row.file.padEnd(34)} ${row.detected} detected, ${row.undetected} not, ${row.equivalent} equivalent, ${row.ignored} ignored${below ? '  BELOW THE THRESHOLD' : ''}`,
  );
}
if (rows.length === 0) console.log('  no file in the report: is stryker.config.mjs mutating any?');
for (const entry of stale)
  console.log(
    `  equivalent.json: ${entry.file} "${entry.code ?? `${entry.from} … ${entry.to}`}" (${entry.mutators.join(', ')}) matches no mutant any more: update or drop it`,
  );
process.exit(failed ? 1 : 0);
