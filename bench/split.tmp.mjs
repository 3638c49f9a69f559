import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const r = await build({
  stdin: { contents: process.argv[2], resolveDir: process.cwd(), loader: 'js' },
  bundle: true,
  splitting: true,
  outdir: '/v',
  minify: true,
  format: 'esm',
  write: false,
  metafile: true,
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['import'],
  external: ['axios', 'got', 'ky', 'openapi-fetch', 'node:*'],
});
for (const f of r.outputFiles)
  console.log(
    f.path,
    f.contents.length,
    gzipSync(f.contents).length,
    '\n',
    new TextDecoder().decode(f.contents).slice(0, +process.argv[3] || 300),
    '\n',
  );
for (const [n, o] of Object.entries(r.metafile.outputs))
  console.log(
    n,
    o.imports.map((i) => i.kind + ':' + i.path).join(' '),
    Object.entries(o.inputs)
      .map(([k, v]) => k.split('/').pop() + ':' + v.bytesInOutput)
      .join(' '),
  );
