import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';

// Written by scripts/generate.mjs (which runs before tsdown in `build`): the area names, one per tag of the spec.
const areas: string[] = JSON.parse(readFileSync('src/generated/areas.json', 'utf8'));

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    operations: 'src/operations.ts',
    areas: 'src/areas.ts',
    // One type module per area of the platform API, so a program parses only the areas it imports.
    ...Object.fromEntries(areas.map((area) => [`areas/${area}`, `src/generated/areas/${area}.ts`])),
  },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  fixedExtension: true,
});
