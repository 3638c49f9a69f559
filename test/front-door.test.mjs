// What a user meets first: core's main entry holds only names an application calls (at most 46; option and callback
// types are in @jira-auth/core/types, store authors' helpers in /store-kit, adapter authors' in /adapter-kit), and
// each name is exported by one package only, so an import never has two sources to choose between.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ts from 'typescript';

const MAIN_ENTRY_LIMIT = 46;

/** The names a TypeScript entry exports, values and types alike. */
function exportsOf(entries) {
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return new Map(
    entries.map((entry) => {
      const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
      return [entry, checker.getExportsOfModule(symbol).map((exported) => exported.name)];
    }),
  );
}

const entries = {
  core: 'packages/core/src/index.ts',
  fetch: 'packages/fetch/src/index.ts',
  'openapi-fetch': 'packages/openapi-fetch/src/index.ts',
  axios: 'packages/axios/src/index.ts',
  got: 'packages/got/src/index.ts',
  ky: 'packages/ky/src/index.ts',
};
const names = exportsOf(Object.values(entries));

test(`core's main entry has at most ${MAIN_ENTRY_LIMIT} names`, () => {
  const core = names.get(entries.core);
  assert.ok(
    core.length <= MAIN_ENTRY_LIMIT,
    `core's main entry exports ${core.length} names: move option types to types.ts, store or adapter helpers to their kits`,
  );
});

test('jiraAuthReason and jiraAuthErrorOf come from @jira-auth/core alone', () => {
  for (const [name, entry] of Object.entries(entries)) {
    if (name === 'core') continue;
    const shared = names
      .get(entry)
      .filter((exported) => exported === 'jiraAuthReason' || exported === 'jiraAuthErrorOf');
    assert.deepEqual(shared, [], `@jira-auth/${name} re-exports ${shared.join(', ')}`);
  }
});
