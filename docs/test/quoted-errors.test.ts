// Errors the pages quote, made for real: the typed-client page's "When a call does not type-check" (each call
// compiled against the built packages, TypeScript's code and message compared), and the ky page's leading-slash error.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicAuth } from '@jira-auth/core';
import { jiraAuth } from '@jira-auth/ky';
import ky from 'ky';
import ts from 'typescript';
import { expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const page = await readFile(join(repo, 'docs/clients/openapi-fetch.md'), 'utf8');
const kyPage = await readFile(join(repo, 'docs/clients/ky.md'), 'utf8');
// Inside docs/, so that the imports resolve to the workspace's packages.
const folder = fileURLToPath(new URL('./generated/typed-client-errors/', import.meta.url));

/** TypeScript's `TS<code> <message>` for each call, one per line, in a program with one client. */
async function diagnostics(calls: string[]): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'calls.ts');
  await writeFile(
    file,
    [
      "import { basicAuth } from '@jira-auth/core';",
      "import { createJiraClient } from '@jira-auth/openapi-fetch';",
      "const jira = createJiraClient({ auth: basicAuth({ site: 'https://your-site.atlassian.net', email: 'you@example.com', apiToken: 't' }) });",
      ...calls.map((call) => `await ${call};`),
      'export {};',
    ].join('\n'),
  );
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`);
}

it('quotes the code and message TypeScript gives for each call the page names', async () => {
  const said = await diagnostics([
    "jira.GET('/rest/api/3/issue/{issueIdOrKey}')",
    "jira.GET('/rest/api/3/myselfie')",
    "jira.DELETE('/rest/api/3/myself')",
    "jira.GET('/rest/api/3/myselfie', {})",
  ]);
  expect(said.slice(0, 3)).toEqual(Array(3).fill('TS2554 Expected 2 arguments, but got 1.'));
  expect(said[3]).toMatch(
    /^TS2345 Argument of type '"\/rest\/api\/3\/myselfie"' is not assignable to parameter of type 'PathsWithMethod<\w+, "get">'\.$/,
  );
  expect(page).toContain('**TS2554 `Expected 2 arguments, but got 1`**');
  expect(page).toContain(
    `**TS2345 \`Argument of type '"/rest/api/3/myselfie"' is not assignable to parameter of type 'PathsWithMethod<...>'\`**`,
  );
  expect(said).toHaveLength(4);
});

it("the ky page's error for a leading slash on ky 1 is the one ky 1 throws", async () => {
  // Thrown before anything is sent: the port is a closed one on loopback.
  const jira = ky.create(
    jiraAuth(basicAuth({ site: 'http://127.0.0.1:9', email: 'you@example.com', apiToken: 't' })),
  );
  // ky 1 throws it from the call itself, before any promise.
  const error = await (async () => jira.get('/rest/api/3/myself'))().catch((caught: Error) => caught);
  expect(error).toBeInstanceOf(Error);
  expect(kyPage).toContain(
    `\`\` ${(error as Error).name}: ${(error as Error).message} \`\` means a ky 1 path`,
  );
});
