// Bundles the runtime cases for runtimes that do not read this workspace's node_modules: one ES module for
// Deno and Bun (cli), one for workerd (worker). Browser conditions: no Node built-in may be pulled in.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli.ts', worker: 'src/worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
});
