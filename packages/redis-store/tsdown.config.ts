import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
  // The documentation is in the .d.ts files, where editors read it; the JavaScript carries none, so there is less
  // to parse when a program starts.
  outputOptions: { comments: { jsdoc: false, legal: true, annotation: true } },
});
