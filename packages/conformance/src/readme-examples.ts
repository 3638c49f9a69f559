import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuthStrategy } from '@jira-auth/core';
import { authorize, joinUrl } from '@jira-auth/core/adapter-kit';
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  type Emulator,
} from '@jira-auth/emulator';
import { type Block, blockName } from './blocks.js';

/** What the runner needs of a ```ts block (see `blocks.ts`): where it is, and its code. */
export type Example = Pick<Block, 'file' | 'line' | 'code'>;

/** The placeholders README examples use, and the emulator's stand-ins for them. */
function placeholders(emulator: Emulator): [string, string][] {
  return [
    ["'https://your-site.atlassian.net'", JSON.stringify(emulator.urls.site)],
    ["'https://jira.example.com/jira'", JSON.stringify(emulator.urls.dataCenter)],
    ["'you@example.com'", JSON.stringify(DEFAULT_CLOUD_USER.email)],
  ];
}

const FACTORIES =
  /\b(basicAuth|bearerAuth|oauth2|clientCredentials|accessTokenAuth|authorizationUrl|completeAuthorization|dataCenterOAuth2|dataCenterClientCredentials|fromEnv)\((\{)?/g;

/**
 * Turns an example into a module: imports stay on top, the rest runs in a function that receives the emulator's
 * credentials under the names the example uses, and returns what it built (`auth`, `data`).
 * Strategy factories get `endpoints` (and `env`) pointing at the emulator: the only change to the printed code.
 */
export function exampleModule(example: Example, emulator: Emulator): string {
  let code = example.code;
  for (const [placeholder, value] of placeholders(emulator)) code = code.split(placeholder).join(value);
  code = code.replace(FACTORIES, (_match, name: string, brace: string | undefined) =>
    brace ? `${name}({ ...__emulated, ` : `${name}({ ...__emulated }, `,
  );
  code = code.replace(/\(\{ \.\.\.__emulated \}, \)/g, '({ ...__emulated })');
  // Assets is on the gateway even for a classic token: its view takes the emulator's hosts too.
  code = code.replace(
    /forProduct\(([^,()]+), 'assets'\)/g,
    "forProduct($1, 'assets', { endpoints: __emulated.endpoints })",
  );
  // Forge's keys are the emulator's.
  code = code.replace(/forgeRemote\(\{ /g, 'forgeRemote({ jwksUrl: __emulated.forgeJwks, ');
  const lines = code.split('\n');
  const imports = lines.filter((line) => line.startsWith('import '));
  const body = lines.filter((line) => !line.startsWith('import '));
  return [
    ...imports,
    'export default async function (__context: Record<string, any>) {',
    '  const { __emulated, apiToken, personalAccessToken, password, clientId, clientSecret, redirectUri, accountId, cloudId, tokens, tokenFile, redisUrl, userComesBackTo, saveTokens, caFile, certFile, keyFile, proxyUrl, appId, forgeInvokes } = __context;',
    // An inner scope, so the example may declare names the context also has (tokens, cloudId).
    '  return (async () => {',
    ...body.map((line) => `    ${line}`),
    '    return { auth: typeof auth === "undefined" ? undefined : auth, data: typeof data === "undefined" ? undefined : data };',
    '  })();',
    '}',
    '',
  ].join('\n');
}

/** What an example's module receives: the emulator's values under the names examples use for the reader's own. */
export async function exampleContext(
  example: Example,
  emulator: Emulator,
  options: { tokens: unknown; redisUrl?: string | undefined; proxyUrl?: string | undefined },
): Promise<Record<string, unknown>> {
  const dataCenter = example.code.includes('jira.example.com');
  const app = example.code.includes('lientCredentials')
    ? dataCenter
      ? DEFAULT_DC_OAUTH_CLIENT
      : DEFAULT_SERVICE_ACCOUNT
    : dataCenter
      ? DEFAULT_DC_OAUTH_CLIENT
      : DEFAULT_OAUTH_CLIENT;
  return {
    __emulated: {
      endpoints: emulator.endpoints,
      forgeJwks: emulator.urls.forgeJwks,
      env: {
        JIRA_BASE_URL: emulator.urls.site,
        JIRA_USER_EMAIL: DEFAULT_CLOUD_USER.email,
        JIRA_API_TOKEN: DEFAULT_CLOUD_USER.classicToken,
      },
    },
    apiToken: example.code.includes('scoped: true')
      ? DEFAULT_CLOUD_USER.scopedToken
      : DEFAULT_CLOUD_USER.classicToken,
    personalAccessToken: DEFAULT_DC_USER.pat,
    password: DEFAULT_DC_USER.password,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: app.redirectUris[0],
    accountId: DEFAULT_CLOUD_USER.accountId,
    cloudId: emulator.cloudId,
    tokens: options.tokens,
    tokenFile: join(await mkdtemp(join(tmpdir(), 'jira-auth-readme-')), 'tokens.json'),
    redisUrl: options.redisUrl,
    userComesBackTo: (url: URL) => emulator.consent(url),
    saveTokens: async () => {},
    // The emulator's TLS mode, when it is in it: its CA and a client certificate, as files.
    caFile: emulator.tls?.caFile,
    certFile: emulator.tls?.certFile,
    keyFile: emulator.tls?.keyFile,
    proxyUrl: options.proxyUrl,
    appId: emulator.forge.appId,
    forgeInvokes: (url: string) => emulator.invokeRemote(url),
  };
}

/** An example's module, once imported. */
export type ExampleModule = {
  default: (context: unknown) => Promise<{ auth?: AuthStrategy; data?: unknown }>;
};

/**
 * Runs an imported example and says who Jira thinks the result is: the `data` it fetched, or, when it only built
 * an `auth`, the answer to `/myself` with that strategy's headers.
 */
export async function runExampleModule(
  module: ExampleModule,
  context: Record<string, unknown>,
  emulator: Emulator,
): Promise<{ status: number; body: unknown }> {
  const { auth, data } = await module.default(context);
  if (data !== undefined || !auth) return { status: 200, body: data };
  const base = await auth.baseUrl();
  const url = joinUrl(
    base,
    base.origin === emulator.origin('dc') ? '/rest/api/2/myself' : '/rest/api/3/myself',
  );
  const { headers } = await authorize(auth, { url, method: 'GET' });
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json() };
}

/** Runs one example against the emulator and says who Jira thinks the result is. */
export async function runExample(
  example: Example,
  emulator: Emulator,
  options: { tokens: unknown; moduleDir: string; redisUrl?: string | undefined },
): Promise<{ status: number; body: unknown }> {
  const context = await exampleContext(example, emulator, options);
  await mkdir(options.moduleDir, { recursive: true });
  const path = join(options.moduleDir, `${blockName(example)}.ts`);
  await writeFile(path, exampleModule(example, emulator));
  const module = (await import(pathToFileURL(path).href)) as ExampleModule;
  return runExampleModule(module, context, emulator);
}
