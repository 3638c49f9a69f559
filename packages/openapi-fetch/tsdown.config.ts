import { readFileSync } from 'node:fs';
import { defineConfig, type UserConfig } from 'tsdown';

// Written by scripts/generate.mjs (which runs before tsdown in `build`): the area names, one per tag of the spec.
const areas: string[] = JSON.parse(readFileSync('src/generated/areas.json', 'utf8'));

const common = {
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
  // The documentation is in the .d.ts files, where editors read it; the JavaScript carries none, so there is less
  // to parse when a program starts.
  outputOptions: { comments: { jsdoc: false, legal: true, annotation: true } },
} satisfies UserConfig;

export default defineConfig([
  {
    ...common,
    entry: {
      index: 'src/index.ts',
      operations: 'src/operations.ts',
      // One type module per area of the platform API, so a program parses only the areas it imports.
      ...Object.fromEntries(areas.map((area) => [`areas/${area}`, `src/generated/areas/${area}.ts`])),
    },
  },
  // A build of its own, so that the client code it shares with the main entry is not split into a third file that
  // every program would load at start-up.
  { ...common, entry: { areas: 'src/areas.ts' }, clean: false },
  // The other products' clients, each a build of its own for the same reason.
  { ...common, entry: { confluence: 'src/confluence.ts' }, clean: false },
  { ...common, entry: { 'service-management': 'src/service-management.ts' }, clean: false },
]);
