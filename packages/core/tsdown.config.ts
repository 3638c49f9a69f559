import { defineConfig } from 'tsdown';

// Runs everywhere (Node, browsers, Deno, Bun, Workers): no Node built-ins in it.
export default defineConfig({
  entry: { index: 'src/index.ts', 'adapter-kit': 'src/adapter-kit/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
});
