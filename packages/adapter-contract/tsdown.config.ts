import { defineConfig } from 'tsdown';

// A vitest suite: ESM only, as vitest is.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
});
