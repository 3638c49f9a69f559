import { defineConfig } from 'tsdown';

// Runs everywhere (Node, browsers, Deno, Bun, Workers): no Node built-ins in it.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapter-kit': 'src/adapter-kit/index.ts',
    'store-kit': 'src/store-kit.ts',
    types: 'src/types.ts',
    site: 'src/site/index.ts',
    limiter: 'src/limiter.ts',
    products: 'src/products.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
  // Lets the kit's entry file hold the group below rather than re-export it from a chunk of its own.
  inputOptions: { preserveEntrySignatures: 'allow-extension' },
  outputOptions: {
    // The adapter kit and everything it uses in one file, which the main entry imports too: importing an adapter
    // loads two files (its own and the kit), since each file costs a module load at start-up. The kit's file so
    // also exports what only the main entry uses of it (under short names its declarations do not show).
    // (JavaScript only: the declaration files keep their own chunks. test/size-budgets.test.mjs checks the kit
    // stays one file: a module the kit comes to use goes in this list.)
    codeSplitting: {
      groups: [
        {
          name: 'adapter-kit',
          test: /[\\/]src[\\/](?:errors|events|rate-limit|rate-limiter|retry|sleep|recovery|url|adapter-kit[\\/][\w-]+)\.ts$/,
        },
      ],
    },
    // The documentation is in the .d.ts files, where editors read it; the JavaScript carries none, so there is less
    // to read and parse when a program starts.
    comments: { jsdoc: false, legal: true, annotation: true },
  },
});
