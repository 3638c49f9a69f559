import { defineConfig } from 'tsdown';

// A command: one ESM file with a shebang, its dependencies left to npm.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
});
