import { defineConfig } from 'tsdown';

// A remote backend runs where fetch and WebCrypto are (Node, workerd, Deno, Bun): ESM, as jose is.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
  // The documentation is in the .d.ts files, where editors read it; the JavaScript carries none, so there is less
  // to parse when a program starts.
  outputOptions: { comments: { jsdoc: false, legal: true, annotation: true } },
});
