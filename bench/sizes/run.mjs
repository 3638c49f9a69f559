// Prints the bundle sizes an application pays, next to their budgets: `pnpm --filter @jira-auth/bench run sizes`.
import { measure } from './measure.mjs';

const rows = await measure();
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
console.log('| entry | minified | gzip | budget (gzip) |');
console.log('| --- | ---: | ---: | ---: |');
for (const row of rows) {
  const budget = row.budget ? `${kb(row.budget)} ${row.gzip <= row.budget ? 'ok' : 'OVER'}` : '';
  console.log(`| ${row.name} | ${kb(row.raw)} | ${kb(row.gzip)} | ${budget} |`);
}
