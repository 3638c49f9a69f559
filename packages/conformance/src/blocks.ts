import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * A ```ts block of a docs page or a package README. Each is complete as printed (imports and all), or says on its
 * first line which of the reader's own values it assumes: `// assumes: apiToken, tokens` (see {@link ASSUMABLE}).
 */
export interface Block {
  /** Relative to the repository, e.g. `docs/recipes/axios.md`. */
  readonly file: string;
  /** Line of the first line of code. */
  readonly line: number;
  readonly code: string;
  /** The names of the `// assumes:` line. */
  readonly assumes: readonly string[];
  /** Why it is type-checked but not run (`<!-- no-run: reason -->` before the block), if so. */
  readonly noRun?: string | undefined;
  /** Marked `<!-- example node22 -->`: needs a client major that wants Node 22, checked in the Node 22 leg. */
  readonly node22: boolean;
  /**
   * Marked `<!-- file: name.ts (where it runs) -->`: one file of a program the page builds over several blocks,
   * which import each other by these names. Type-checked under that name; run by the test the marker names.
   */
  readonly fileName?: string | undefined;
  /**
   * Marked `<!-- emulator limits: {"rateLimit": [...], "dataCenterRateLimit": {...}} -->`: the rate limits the
   * emulator enforces while the block runs (the arguments of `emulator.rateLimit` and `dataCenterRateLimit`). The
   * block must then meet no 429: its limiter paces below them.
   */
  readonly limits?: BlockLimits | undefined;
}

/** The emulator's rate limits for a block, as its marker gives them. */
export interface BlockLimits {
  readonly rateLimit?: readonly Record<string, unknown>[];
  readonly dataCenterRateLimit?: Record<string, unknown>;
}

/**
 * The reader's own values a block may assume, with their types. The newcomer test declares only what a block
 * names, and gives it the emulator's value when it runs.
 */
export const ASSUMABLE: Readonly<Record<string, string>> = {
  apiToken: 'string',
  personalAccessToken: 'string',
  password: 'string',
  clientId: 'string',
  clientSecret: 'string',
  redirectUri: 'string',
  accountId: 'string',
  cloudId: 'string',
  tokens: "import('@jira-auth/core').TokenSet",
  tokenFile: 'string',
  redisUrl: 'string',
  userComesBackTo: '(url: URL) => Promise<string>',
  saveTokens: "(tokens: import('@jira-auth/core').TokenSet) => Promise<void>",
  // Behind a corporate network: PEM files (a private CA, a client certificate and its key) and a proxy's URL. A block
  // that assumes one runs against the emulator's mutual-TLS mode, through a CONNECT proxy.
  caFile: 'string',
  certFile: 'string',
  keyFile: 'string',
  proxyUrl: 'string',
  // Forge Remote: the app's id, and Forge calling an endpoint of the backend (the emulator plays Forge).
  appId: 'string',
  forgeInvokes: '(url: string) => Promise<Response>',
};

/** The values that put a block behind the corporate network (the emulator's TLS mode, a proxy). */
export const NETWORK_VALUES: readonly string[] = ['caFile', 'certFile', 'keyFile', 'proxyUrl'];

const SKIP = new Set(['node_modules', 'api', '.vitepress', 'test', 'api-entries', 'public']);

/** Every ```ts block of the docs site's pages, the root README and every package's README. */
export async function collectBlocks(repo: string): Promise<Block[]> {
  const files: string[] = [join(repo, 'README.md')];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) await walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.md')) files.push(join(dir, entry.name));
    }
  };
  await walk(join(repo, 'docs'));
  for (const entry of await readdir(join(repo, 'packages'), { withFileTypes: true })) {
    const readme = join(repo, 'packages', entry.name, 'README.md');
    if (entry.isDirectory() && (await readFile(readme).catch(() => undefined))) files.push(readme);
  }
  const blocks: Block[] = [];
  for (const file of files) blocks.push(...extractBlocks(await readFile(file, 'utf8'), relative(repo, file)));
  return blocks.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function extractBlocks(markdown: string, file: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\b/.test(lines[i] ?? '')) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: a \`\`\`ts block that is never closed`);
    let previous = i - 1;
    while (previous >= 0 && lines[previous]?.trim() === '') previous--;
    const marker = lines[previous]?.trim() ?? '';
    const code = lines.slice(i + 1, end).join('\n');
    const assumes = /^\/\/ assumes: (.+)$/m.exec(lines[i + 1] ?? '')?.[1]?.split(/,\s*/) ?? [];
    for (const name of assumes)
      if (!(name in ASSUMABLE))
        throw new Error(
          `${file}:${i + 2}: "${name}" is not a value a block can assume; name one of ${Object.keys(ASSUMABLE).join(', ')}`,
        );
    const named = /^<!--\s*file:\s*(\S+\.ts)\s*\((.+)\)\s*-->$/.exec(marker);
    const limits = /^<!--\s*emulator limits:\s*(\{.*\})\s*-->$/.exec(marker)?.[1];
    blocks.push({
      file,
      line: i + 2,
      code,
      assumes,
      noRun: named?.[2] ?? /^<!--\s*no-run:\s*(.*?)\s*-->$/.exec(marker)?.[1],
      node22: marker === '<!-- example node22 -->',
      ...(named ? { fileName: named[1] } : {}),
      ...(limits ? { limits: parseLimits(limits, `${file}:${i}`) } : {}),
    });
    i = end;
  }
  return blocks;
}

function parseLimits(json: string, where: string): BlockLimits {
  try {
    return JSON.parse(json) as BlockLimits;
  } catch (error) {
    throw new Error(`${where}: the emulator limits marker is not JSON: ${(error as Error).message}`);
  }
}

/** The block as a module of its own: the declarations it assumes, on its first line so line numbers hold. */
export function blockSource(block: Block): string {
  const declarations = block.assumes.map((name) => `declare const ${name}: ${ASSUMABLE[name]};`).join(' ');
  const lines = block.code.split('\n');
  if (declarations) lines[0] = declarations;
  const isModule = /^\s*(import|export)\s/m.test(block.code);
  return `${lines.join('\n')}\n${isModule ? '' : 'export {};\n'}`;
}

/** A file name for the block, unique in the repository: `docs-recipes-axios-md-12`. */
export function blockName(block: Pick<Block, 'file' | 'line'>): string {
  return `${block.file.replace(/[^a-z0-9]+/gi, '-')}-${block.line}`;
}
