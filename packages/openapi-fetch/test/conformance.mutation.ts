// The conformance suite's openapi-fetch cases, for the mutation run only (see vitest.mutation.config.ts): every
// behaviour the adapters share, through createJiraClient and jiraAuthMiddleware, against this folder's source. The
// suite is found from the repository's root (the nearest folder up with pnpm-workspace.yaml), because Stryker runs
// this from a copy of the package inside it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'pnpm-workspace.yaml'))) root = dirname(root);
const conformance = join(root, 'packages/conformance/src');
const { openapiFetchDriver } = await import(join(conformance, 'drivers/openapi-fetch.ts'));
const { runAdapterContract } = await import(join(root, 'packages/adapter-contract/src/suite.ts'));

runAdapterContract(openapiFetchDriver('0.17.0'));
