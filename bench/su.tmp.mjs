import { execFileSync } from 'node:child_process';
const sets = { alone: ['openapi-fetch'], kit: ['openapi-fetch', '@jira-auth/core/adapter-kit'], adapter: ['openapi-fetch', '@jira-auth/openapi-fetch'], core: ['openapi-fetch','@jira-auth/core'] };
const r = Object.fromEntries(Object.keys(sets).map(k => [k, []]));
for (let i = 0; i < 21; i++) for (const [k, s] of Object.entries(sets)) {
  const script = `await Promise.all(${JSON.stringify(s)}.map((s) => import(s))); const u = process.cpuUsage(); console.log((u.user + u.system) / 1000);`;
  r[k].push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() })));
}
for (const [k, v] of Object.entries(r)) console.log(k, Math.min(...v).toFixed(1), [...v].sort((a,b)=>a-b)[10].toFixed(1));
