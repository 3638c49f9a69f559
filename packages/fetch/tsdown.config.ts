import { defineConfig } from 'tsdown';

// fetch is everywhere ESM is: so is this adapter.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
});
