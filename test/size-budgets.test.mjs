// The size budgets, checked on the built packages: bytes are deterministic, so this is a real check (the figures
// themselves: `pnpm --filter @jira-auth/bench run sizes`). Raising a budget needs a changeset that says why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measure } from '../bench/sizes/measure.mjs';

const rows = await measure();

for (const row of rows.filter((entry) => entry.budget)) {
  test(`${row.name}: within ${row.budget} bytes gzipped`, () => {
    assert.ok(
      row.gzip <= row.budget,
      `${row.name} is ${row.gzip} bytes gzipped, over its budget of ${row.budget}`,
    );
  });
}

test('the budgets cover every adapter and the typed client', () => {
  const budgeted = rows.filter((entry) => entry.budget).map((entry) => entry.name);
  for (const name of ['core: basicAuth', 'oauth2', 'axios', 'got', 'ky', 'fetch', 'createJiraClient'])
    assert.ok(
      budgeted.some((entry) => entry.includes(name)),
      `no budget for ${name}`,
    );
});

test('a classic API token does not load the cloudId lookup: only a scoped token pays for it', () => {
  const basic = rows.find((entry) => entry.name === 'core: basicAuth');
  assert.ok(basic.code.includes('basicAuth'), 'the measured code is the basicAuth bundle');
  assert.ok(
    !basic.code.includes('new URL("/_edge/tenant_info"'),
    'the lookup of /_edge/tenant_info is in the loaded code',
  );
  assert.match(basic.code, /import\(["'][^"']*cloud-id/, 'the lookup is not loaded on demand');
});
