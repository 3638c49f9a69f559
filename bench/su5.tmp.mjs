import { execFileSync } from 'node:child_process';
const script = (specs) => `await import('openapi-fetch'); const c0=process.cpuUsage(); for (const s of ${JSON.stringify(specs)}) await import(s); const c=process.cpuUsage(c0); console.log((c.user+c.system)/1000);`;
const sets = {
  tiny: ['/tmp/tiny1.mjs'],
  kitAbs: ['/work/main/packages/core/dist/adapter-kit.mjs'],
  kitBare: ['@jira-auth/core/adapter-kit'],
  adapterAbs: ['/work/main/packages/openapi-fetch/dist/index.mjs'],
  kitAbsThenAdapterAbs: ['/work/main/packages/core/dist/adapter-kit.mjs','/work/main/packages/openapi-fetch/dist/index.mjs'],
  adapterBare: ['@jira-auth/openapi-fetch'],
};
const r = Object.fromEntries(Object.keys(sets).map(k=>[k,[]]));
for (let i=0;i<15;i++) for (const [k,s] of Object.entries(sets)) r[k].push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script(s)])));
for (const [k,v] of Object.entries(r)) console.log(k.padEnd(22), Math.min(...v).toFixed(2), [...v].sort((a,b)=>a-b)[7].toFixed(2));
