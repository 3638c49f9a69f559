// Prints the bundle sizes an application pays, next to their budgets: `pnpm --filter @jira-auth/bench run sizes`.
import { measure, measureComparisons } from './measure.mjs';

const rows = await measure();
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
console.log('| entry | minified | gzip | budget (gzip) |');
console.log('| --- | ---: | ---: | ---: |');
for (const row of rows) {
  const limit = row.budget;
  const budget = limit ? `${kb(limit)} ${row.gzip <= limit ? 'ok' : 'over'}` : '';
  console.log(
    `| ${row.name} | ${row.overClient ? '' : kb(row.raw)} | ${row.overClient ? '+' : ''}${kb(row.gzip)} | ${budget} |`,
  );
}

console.log('\nOther libraries, measured the same way (HTTP client and Node built-ins left out):\n');
console.log('| library | minified | gzip |');
console.log('| --- | ---: | ---: |');
for (const row of await measureComparisons()) {
  console.log(
    row.error
      ? `| ${row.name} | could not bundle: ${row.error} | |`
      : `| ${row.name} | ${kb(row.raw)} | ${kb(row.gzip)} |`,
  );
}
