import { execFileSync } from 'node:child_process';
const script = (specs) => `await import('openapi-fetch'); const c0=process.cpuUsage(); for (const s of ${JSON.stringify(specs)}) await import(s); const c=process.cpuUsage(c0); console.log((c.user+c.system)/1000);`;
const kyAbs = '/work/main/node_modules/.pnpm/ky@1.14.3/node_modules/ky/distribution/index.js';
const sets = {
  tiny: ['/tmp/tiny1.mjs'],
  tinyTwice: ['/tmp/tiny1.mjs', '/tmp/tiny2.mjs'],
  kyAbs: [kyAbs],
  kyBare: ['ky'],
  kitAbs: ['/work/main/packages/core/dist/adapter-kit.mjs'],
  kitBare: ['@jira-auth/core/adapter-kit'],
};
const r = Object.fromEntries(Object.keys(sets).map(k=>[k,[]]));
for (let i=0;i<15;i++) for (const [k,s] of Object.entries(sets)) r[k].push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script(s)])));
for (const [k,v] of Object.entries(r)) console.log(k.padEnd(22), Math.min(...v).toFixed(2), [...v].sort((a,b)=>a-b)[7].toFixed(2));
