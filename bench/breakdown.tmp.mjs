import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const code = process.argv[2];
const r = await build({
  stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  metafile: true,
  platform: 'neutral',
  external: ['axios', 'got', 'ky', 'openapi-fetch', 'node:*'],
  alias: { '@jira-auth/core': '../packages/core/src/index.ts' },
});
const out = r.outputFiles[0].contents;
const s = new TextDecoder().decode(out);
const re = /"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'/g;
const stripped = s.replace(re, (m) => (m.length > 40 ? '"x"' : m));
console.log(
  'min',
  out.length,
  'gz',
  gzipSync(out, { level: 9 }).length,
  'gz w/o long strings',
  gzipSync(stripped, { level: 9 }).length,
);
const o = Object.values(r.metafile.outputs)[0];
if (process.argv[3] === 'files')
  for (const [f, v] of Object.entries(o.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput))
    console.log(v.bytesInOutput, f);
if (process.argv[3] === 'code') console.log(s);
