import { defineConfig } from 'tsdown';

export default defineConfig([
  // The main entry runs everywhere (Node, browsers, Deno, Bun, Workers): no Node built-ins in it.
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'neutral',
    target: 'es2022',
    fixedExtension: true,
  },
  {
    entry: { node: 'src/node/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'node',
    target: 'node20',
    fixedExtension: true,
    clean: false,
  },
]);
