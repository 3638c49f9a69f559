import { defineConfig } from 'tsdown';

// got is ESM-only, so is this adapter.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
});
