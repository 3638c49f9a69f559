import { defineConfig } from 'tsdown';

// A command: ESM with a shebang, its dependencies left to npm. The demo is its own chunk, loaded on demand.
export default defineConfig({
  entry: { cli: 'src/cli.ts', demo: 'src/demo.ts' },
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
});
