#!/usr/bin/env node
// Editor and compiler cost of the typed client: `tsc --noEmit` time and memory for a program that makes 20 Jira
// calls through createJiraClient, and through createJiraClient from `/areas` over only the 14 areas (spec tags) the
// program uses, against the same 20 calls through raw openapi-fetch (`createClient<paths>`) over the whole spec.
// Budget (issue 14): the per-area program at or below 0.8x of raw openapi-fetch, in total time.
// A benchmark: it prints figures and never fails on them.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const runs = Number(process.env.RUNS ?? 3);

function measure(project) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(process.execPath, [tsc, '-p', project, '--extendedDiagnostics'], {
      cwd: here,
      encoding: 'utf8',
    });
    const read = (label) =>
      Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output)?.[1] ?? Number.NaN);
    samples.push({
      check: read('Check time'),
      total: read('Total time'),
      memory: read('Memory used') / 1024,
      types: read('Types'),
    });
  }
  const median = (key) =>
    samples.map((sample) => sample[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  return { check: median('check'), total: median('total'), memory: median('memory'), types: median('types') };
}

const client = measure('tsconfig.client.json');
const areas = measure('tsconfig.areas.json');
const raw = measure('tsconfig.raw.json');
const row = (name, figures) =>
  `${name.padEnd(44)} ${figures.total.toFixed(2).padStart(8)} s ${figures.check.toFixed(2).padStart(8)} s ${figures.memory.toFixed(0).padStart(8)} MB ${String(figures.types).padStart(9)}`;
console.log(
  `tsc --noEmit, median of ${runs} runs (TypeScript ${createRequire(import.meta.url)('typescript/package.json').version})`,
);
console.log(
  `${'program'.padEnd(44)} ${'total'.padStart(10)} ${'check'.padStart(10)} ${'memory'.padStart(11)} ${'types'.padStart(9)}`,
);
console.log(row('20 operations via createJiraClient', client));
console.log(row('20 operations via createJiraClient, by area', areas));
console.log(row('20 operations via raw openapi-fetch', raw));
const ratio = (program) =>
  `total ${(program.total / raw.total).toFixed(2)}x, check ${(program.check / raw.check).toFixed(2)}x, memory ${(program.memory / raw.memory).toFixed(2)}x`;
console.log(`ratio, whole client / raw: ${ratio(client)}`);
const byArea = areas.total / raw.total;
console.log(`ratio, by area / raw: ${ratio(areas)} (budget 0.80x total: ${byArea <= 0.8 ? 'ok' : 'over'})`);
