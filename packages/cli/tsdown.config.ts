import { defineConfig } from 'tsdown';

export default defineConfig([
  // The command: ESM with a shebang, its dependencies left to npm. The demo is its own chunk, loaded on demand.
  {
    entry: { cli: 'src/cli.ts', demo: 'src/demo.ts' },
    format: ['esm'],
    dts: false,
    platform: 'node',
    target: 'node20',
    fixedExtension: true,
  },
  // fromLogin() for application code.
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    platform: 'node',
    target: 'node20',
    fixedExtension: true,
    clean: false,
  },
]);
