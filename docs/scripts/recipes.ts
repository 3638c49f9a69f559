import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A ```ts block of a docs page. */
export interface Recipe {
  /** e.g. `recipes/axios.md` */
  readonly file: string;
  /** Line of the first line of code. */
  readonly line: number;
  readonly code: string;
  /** Marked `<!-- no-run: reason -->`: type-checked, not run. */
  readonly runnable: boolean;
}

const SKIP = new Set(['node_modules', 'api', '.vitepress', 'test', 'api-entries', 'scripts']);

/** Every ```ts block in the docs' Markdown pages. */
export async function collectRecipes(root: string): Promise<Recipe[]> {
  const recipes: Recipe[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) await walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.md')) {
        const path = join(dir, entry.name);
        recipes.push(...extract(await readFile(path, 'utf8'), relative(root, path)));
      }
    }
  };
  await walk(root);
  return recipes.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function extract(markdown: string, file: string): Recipe[] {
  const lines = markdown.split('\n');
  const recipes: Recipe[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\b/.test(lines[i] ?? '')) continue;
    const end = lines.indexOf('```', i + 1);
    let previous = i - 1;
    while (previous >= 0 && lines[previous]?.trim() === '') previous--;
    const runnable = !/^<!--\s*no-run\b/.test(lines[previous]?.trim() ?? '');
    recipes.push({ file, line: i + 2, code: lines.slice(i + 1, end).join('\n'), runnable });
    i = end;
  }
  return recipes;
}

/** The names recipes use for the reader's own values, declared for the type check. */
const GLOBALS = `// The reader's own values, as the recipes name them.
declare const apiToken: string;
declare const personalAccessToken: string;
declare const password: string;
declare const clientId: string;
declare const clientSecret: string;
declare const redirectUri: string;
declare const accountId: string;
declare const cloudId: string;
declare const tokens: import('@jira-auth/core').TokenSet;
declare const tokenFile: string;
declare function userComesBackTo(url: URL): Promise<string>;
declare function saveTokens(tokens: import('@jira-auth/core').TokenSet): Promise<void>;
`;

export interface TypeError {
  readonly recipe: string;
  readonly message: string;
}

/**
 * Type-checks recipes against the built packages, as a reader's project would: strict, ES modules, top-level
 * await. Returns one entry per error, named `file.md:line`.
 */
export async function typecheckRecipes(recipes: readonly Recipe[], workDir: string): Promise<TypeError[]> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const files = new Map<string, { recipe: Recipe }>();
  await writeFile(join(workDir, 'recipe-globals.d.ts'), GLOBALS);
  for (const recipe of recipes) {
    const name = join(workDir, `${recipe.file.replace(/[^a-z0-9]+/gi, '-')}-${recipe.line}.ts`);
    const isModule = /^\s*(import|export)\s/m.test(recipe.code);
    await writeFile(name, `${recipe.code}\n${isModule ? '' : 'export {};\n'}`);
    files.set(name, { recipe });
  }
  const program = ts.createProgram([join(workDir, 'recipe-globals.d.ts'), ...files.keys()], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const entry = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    const position =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : undefined;
    const where = entry
      ? `${entry.recipe.file}:${entry.recipe.line + (position?.line ?? 0)}`
      : (diagnostic.file?.fileName ?? 'tsc');
    return { recipe: where, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') };
  });
}
