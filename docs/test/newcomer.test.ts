// The newcomer test: every code block of every docs page and package README, as a new user meets it. Every published
// package is packed and installed with npm into an empty project in a temporary folder, together with the clients
// npm picks on the running Node (ky 1 and got 14 on Node 20); each block is type-checked there by the project's own
// tsc under strict settings (strict, noUncheckedIndexedAccess, module nodenext, skipLibCheck off), then run against
// the emulator. Blocks marked `<!-- example node22 -->` need a client major that wants Node 22 and run in that leg.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type ExampleModule, exampleContext, exampleModule, runExampleModule } from '@jira-auth/conformance';
import {
  blockName,
  blockSource,
  collectBlocks,
  extractBlocks,
  NETWORK_VALUES,
} from '@jira-auth/conformance/blocks';
import { PROXY_OUT_ADDRESS, startProxy, type TestProxy } from '@jira-auth/conformance/proxy';
import { type RedisServer, startRedis } from '@jira-auth/conformance/redis';
import { Emulator, PRODUCT_SCOPES } from '@jira-auth/emulator';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const blocks = (await collectBlocks(repo)).filter((block) => !block.node22);

/** What the docs tell readers to install beside the packages, unpinned: npm picks what a newcomer gets. */
const CLIENTS = [
  'axios',
  // The proxy agent the proxies page gives axios and got.
  'hpagent',
  'got',
  'ky',
  'openapi-fetch',
  'ioredis',
  'hono',
  // The Forge Remote page's servers: Express, and Hono on Node.
  'express',
  '@hono/node-server',
  'pino',
  '@opentelemetry/api',
  'pg',
];
/** The test's own tools, pinned: the type checker, and Node's types for the running major. */
const TOOLS = {
  typescript: '5.9.3',
  // The "Write an adapter" page's client, at the major that runs on Node 20.
  undici: '^7.0.0',
  '@types/node': `^${process.versions.node.split('.')[0]}`,
  '@types/pg': '8.23.1',
  '@types/express': '5.0.6',
  // ioredis 6.1's declarations import `redis-errors`, which has no types of its own: with skipLibCheck off, a
  // newcomer installs these, as the Redis store's README says.
  '@types/redis-errors': '1.2.3',
};

/** Deliberately wrong blocks, checked in the same run: the check must fail them. */
const WRONG = [
  ...extractBlocks(
    "```ts\n// assumes: apiToken\nimport { basicAuth } from '@jira-auth/core';\n\nexport const auth = basicAuth({ site: 'https://your-site.atlassian.net', email: 'you@example.com', apiTokn: apiToken });\n```",
    'wrong/misspelled-option.md',
  ),
  ...extractBlocks(
    "```ts\nimport { basicAuth } from '@jira-auth/core';\n\nexport const auth = basicAuth({ site: 'https://your-site.atlassian.net', email: 'you@example.com', apiToken });\n```",
    'wrong/undeclared-value.md',
  ),
];

let project = '';
/** A real Redis for the blocks that use one. Stopped last: their clients stay connected until the file ends. */
let redis: RedisServer | undefined;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'jira-auth-newcomer-'));
  const packs = join(project, 'packs');
  const dependencies: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  for (const dir of await readdir(join(repo, 'packages'))) {
    const manifest = JSON.parse(await readFile(join(repo, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', packs], {
      cwd: join(repo, 'packages', dir),
    });
    dependencies[manifest.name] = `file:${stdout.trim().split('\n').at(-1)}`;
    // The packages depend on each other by version: the packed copies stand for the registry's.
    overrides[manifest.name] = `$${manifest.name}`;
  }
  for (const name of CLIENTS) dependencies[name] = '*';
  Object.assign(dependencies, TOOLS);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'newcomer', private: true, type: 'module', dependencies, overrides }, null, 2),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
      },
      include: ['blocks', 'src'],
    }),
  );
  // The reader's own store that the store contract's README block tests.
  await mkdir(join(project, 'src'));
  await writeFile(
    join(project, 'src', 'my-store.ts'),
    "import { memoryStore, type TokenStore } from '@jira-auth/core';\n\nconst shared = memoryStore();\n\nexport function myStore(): TokenStore {\n  return shared;\n}\n",
  );
}, 300_000);

afterAll(async () => {
  await redis?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

describe('every block of the docs and the READMEs, from packed packages', () => {
  it('there are blocks on every page that teaches code, and for every client', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(85);
    for (const client of ['axios', 'got', 'ky', 'openapi-fetch', 'fetch'])
      expect(
        blocks.filter((block) => block.file === `docs/recipes/${client}.md`).length,
        client,
      ).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((block) => block.file.startsWith('packages/')).length).toBeGreaterThanOrEqual(25);
  });

  it('npm picked the clients a newcomer on this Node gets', async () => {
    const major = async (name: string) =>
      Number(
        JSON.parse(await readFile(join(project, 'node_modules', name, 'package.json'), 'utf8')).version.split(
          '.',
        )[0],
      );
    const node = Number(process.versions.node.split('.')[0]);
    expect(await major('ky')).toBe(node < 22 ? 1 : 2);
    expect(await major('got')).toBe(node < 22 ? 14 : 16);
  });

  it('each type-checks as printed, with only the values it says it assumes, under strict settings', async () => {
    const written = new Map<string, (typeof blocks)[number]>();
    await mkdir(join(project, 'blocks'));
    for (const block of [...blocks, ...WRONG]) {
      // A block that is one file of a program (its page's other blocks import it) keeps the file's name.
      const name = block.fileName ?? `${blockName(block)}.ts`;
      written.set(`blocks/${name}`, block);
      await writeFile(join(project, 'blocks', name), blockSource(block));
    }
    const output = await run(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      {
        cwd: project,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    const errors = new Map<string, string[]>();
    for (const line of output.split('\n')) {
      const match = /^(.+?)\((\d+),\d+\): error (.*)$/.exec(line);
      if (!match) continue;
      const [, file = '', at = '0', message = ''] = match;
      const block = written.get(file);
      const where = block ? `${block.file}:${block.line + Number(at) - 1}` : file;
      // The deliberately wrong blocks are kept apart from the printed ones (and from errors in no block).
      const group = block?.file.startsWith('wrong/') ? block.file : 'printed';
      errors.set(group, [...(errors.get(group) ?? []), `${where}: ${message}`]);
    }
    expect(errors.get('printed') ?? []).toEqual([]);
    expect(errors.get('wrong/misspelled-option.md')?.join('\n')).toMatch(/apiTokn/);
    expect(errors.get('wrong/undeclared-value.md')?.join('\n')).toMatch(
      /(Cannot find name|No value exists in scope for the shorthand property) 'apiToken'/,
    );
  });
});

describe('each runnable block runs against the emulator, as printed', () => {
  const emulator = new Emulator();
  let tokens: unknown;
  // Behind a corporate network: a second emulator in its mutual-TLS mode, and a CONNECT proxy that connects out
  // from 127.0.0.2, so its log shows which requests came through the proxy.
  const networked = blocks.some((block) => block.assumes.some((name) => NETWORK_VALUES.includes(name)));
  const tlsEmulator = new Emulator({ tls: { requireClientCertificate: true } });
  let proxy: TestProxy | undefined;
  let proxyUrl = '';
  /** Redis over TLS with the TLS emulator's certificates, for a block behind the network that uses Redis. */
  let tlsRedis: RedisServer | undefined;

  beforeAll(async () => {
    await emulator.start();
    const { authorizeCloud } = await import('@jira-auth/adapter-contract');
    // The consent asks for the other products' scopes too, as the products page's app does.
    tokens = (
      await authorizeCloud(emulator, [
        'read:jira-user',
        'read:jira-work',
        'write:jira-work',
        ...PRODUCT_SCOPES,
      ])
    ).tokens;
    if (blocks.some((block) => !block.noRun && block.assumes.includes('redisUrl')))
      redis = await startRedis();
    if (networked) {
      await tlsEmulator.start();
      proxy = await startProxy();
      proxyUrl = proxy.url;
      const files = tlsEmulator.tls;
      const redisBehind = blocks.some(
        (block) =>
          !block.noRun &&
          block.assumes.includes('redisUrl') &&
          block.assumes.some((name) => NETWORK_VALUES.includes(name)),
      );
      if (files && redisBehind)
        tlsRedis = await startRedis([], {
          tls: {
            certFile: files.serverCertFile,
            keyFile: files.serverKeyFile,
            caFile: files.caFile,
            clientCertFile: files.certFile,
            clientKeyFile: files.keyFile,
          },
        });
    }
  });
  afterAll(async () => {
    await emulator.close();
    if (networked) {
      await tlsRedis?.stop();
      await tlsEmulator.close();
      await proxy?.close();
    }
  });

  for (const block of blocks.filter((candidate) => !candidate.noRun)) {
    it(`${block.file}:${block.line}`, async () => {
      // A block behind the corporate network runs against the TLS emulator (and the proxy, when it names one).
      const behind = block.assumes.some((name) => NETWORK_VALUES.includes(name));
      const target = behind ? tlsEmulator : emulator;
      if (behind) tlsEmulator.reset();
      // Written inside the project, so that its imports are the packed packages npm installed.
      const source = ts.transpileModule(exampleModule(block, target), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const path = join(project, 'run', `${blockName(block)}.mjs`);
      await mkdir(join(project, 'run'), { recursive: true });
      await writeFile(path, source);
      const module = (await import(pathToFileURL(path).href)) as ExampleModule;
      const context = await exampleContext(block, target, {
        tokens,
        redisUrl: (behind ? tlsRedis : redis)?.url,
        proxyUrl,
      });
      // A block of the rate-limits page runs under the limits its marker names, and must meet none of them.
      const { limits } = block;
      for (const rule of limits?.rateLimit ?? []) emulator.rateLimit(rule as never);
      if (limits?.dataCenterRateLimit) emulator.dataCenterRateLimit(limits.dataCenterRateLimit as never);
      let answer: Awaited<ReturnType<typeof runExampleModule>>;
      try {
        answer = await runExampleModule(module, context, target);
        if (limits) expect(emulator.requests().filter((entry) => entry.status === 429)).toEqual([]);
      } finally {
        if (limits) emulator.reset();
      }
      const { status, body } = answer;
      expect(status).toBe(200);
      if (behind) {
        // It reached the TLS emulator; through the proxy, every request of it, when it names one.
        const arrived = tlsEmulator.requests();
        expect(arrived.length).toBeGreaterThan(0);
        if (block.assumes.includes('proxyUrl'))
          expect(
            arrived.filter((entry) => entry.from !== PROXY_OUT_ADDRESS).map((entry) => entry.path),
          ).toEqual([]);
      }
      if (body !== undefined)
        expect(JSON.stringify(body)).toMatch(
          /Ada Lovelace|Grace Hopper|Service account|hello\.txt|"key":"DEMO-1"|accountId|"objectSchemaKey":"ITA"/,
        );
    });
  }
});

describe('getting started without a Jira account: the emulator bin, and the recipe run with the lines it prints', () => {
  const page = 'docs/guide/getting-started.md';
  const recipe = blocks.find((block) => block.file === page);
  let emulator: { env: Record<string, Record<string, string>>; stop: () => void } | undefined;
  beforeAll(async () => {
    // As the page says: `npx @jira-auth/emulator`, from the project that installed it.
    const child = spawn('npx', ['--no-install', '@jira-auth/emulator', '--json'], {
      cwd: project,
      detached: true,
    });
    let output = '';
    const printed = await new Promise<{ env: Record<string, Record<string, string>> }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        try {
          resolve(JSON.parse(output));
        } catch {
          // not all of it yet
        }
      });
      child.on('exit', (code) => reject(new Error(`the emulator bin exited (${code}): ${output}`)));
    });
    emulator = { env: printed.env, stop: () => process.kill(-(child.pid as number)) };
  });
  afterAll(() => emulator?.stop());

  it('the page has the recipe, and the bin prints the lines of every method fromEnv reads', () => {
    expect(recipe?.code).toContain('fromEnv()');
    expect(Object.keys(emulator?.env ?? {})).toEqual([
      'API token (Cloud)',
      'scoped API token (Cloud, through the gateway)',
      'service account (Cloud)',
      'personal access token (Data Center)',
      'username and password (Data Center)',
    ]);
  });

  for (const [method, who] of [
    ['API token (Cloud)', 'Ada Lovelace'],
    ['scoped API token (Cloud, through the gateway)', 'Ada Lovelace'],
    ['service account (Cloud)', 'Service account'],
    ['personal access token (Data Center)', 'Grace Hopper'],
    ['username and password (Data Center)', 'Grace Hopper'],
  ] as const) {
    it(`${method}: the recipe saved as myself.mjs and run with node prints who Jira says the caller is`, async () => {
      await writeFile(join(project, 'myself.mjs'), `${recipe?.code}\n`);
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith('JIRA_')),
      );
      const { stdout } = await run(process.execPath, ['myself.mjs'], {
        cwd: project,
        env: { ...inherited, ...emulator?.env[method] },
      });
      expect(stdout).toContain(`Hello, ${who}`);
    });
  }
});
