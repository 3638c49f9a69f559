import { defineConfig } from 'tsdown';

// ky is ESM-only, so is this adapter.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
});
