// The import graph of the packages' source: which module imports which (relative imports, `import type` and
// `export … from` included), and which packages each package's source imports. Used by test/dependencies.test.mjs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Every .ts file below a folder, generated code included. */
function sources(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** The specifiers one file imports (static, re-exports and dynamic). */
export function specifiersOf(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((match) => match[1] ?? match[2] ?? match[3]);
}

/** The packages under packages/, each with its name and source files. */
export function packages() {
  return readdirSync(join(root, 'packages')).flatMap((folder) => {
    const dir = join(root, 'packages', folder);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      return [];
    }
    let files = [];
    try {
      files = sources(join(dir, 'src'));
    } catch {
      // no src folder
    }
    return [{ folder, dir, name: manifest.name, private: manifest.private === true, manifest, files }];
  });
}

/** The @jira-auth packages a package's source imports (subpaths folded into their package). */
export function internalImports(pkg) {
  const found = new Set();
  for (const file of pkg.files)
    for (const specifier of specifiersOf(file)) {
      const match = /^(@jira-auth\/[^/]+)/.exec(specifier);
      if (match && match[1] !== pkg.name) found.add(match[1]);
    }
  return [...found].sort();
}

/** Import cycles among a package's own modules, each as the list of files in it (relative to the package). */
export function cyclesOf(pkg) {
  const graph = new Map();
  for (const file of pkg.files) {
    const targets = specifiersOf(file)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    graph.set(
      file,
      targets.filter((target) => graph.has(target) || pkg.files.includes(target)),
    );
  }
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = (file) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open')
        cycles.push(stack.slice(stack.indexOf(next)).map((f) => relative(pkg.dir, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}
