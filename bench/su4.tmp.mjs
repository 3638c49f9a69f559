import { execFileSync } from 'node:child_process';
const script = (spec) => `await import('openapi-fetch'); const c0=process.cpuUsage(); import.meta.resolve('${spec}'); const c=process.cpuUsage(c0); const c1=process.cpuUsage(); import.meta.resolve('${spec}'); const c2=process.cpuUsage(c1); console.log((c.user+c.system)/1000, (c2.user+c2.system)/1000);`;
for (const spec of ['@jira-auth/core/adapter-kit', '@jira-auth/openapi-fetch', 'ky']) {
  const v = Array.from({ length: 11 }, () => execFileSync(process.execPath, ['--input-type=module', '-e', script(spec)]).toString().trim().split(' ').map(Number));
  console.log(spec, Math.min(...v.map(x=>x[0])).toFixed(2), Math.min(...v.map(x=>x[1])).toFixed(2));
}
