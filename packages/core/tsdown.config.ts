import { defineConfig } from 'tsdown';

// Runs everywhere (Node, browsers, Deno, Bun, Workers): no Node built-ins in it.
export default defineConfig({
  entry: { index: 'src/index.ts', 'adapter-kit': 'src/adapter-kit/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
  outputOptions: {
    // Every module two entries share in one chunk, so importing an adapter loads three files, not five: each file
    // costs a module load at start-up.
    // (JavaScript only: the declaration files keep their own chunks.)
    codeSplitting: { groups: [{ name: 'shared', minShareCount: 2, test: /(?<!\.d)\.ts$/ }] },
    // The documentation is in the .d.ts files, where editors read it; the JavaScript carries none, so there is less
    // to read and parse when a program starts.
    comments: { jsdoc: false, legal: true, annotation: true },
  },
});
