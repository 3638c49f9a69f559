import { execFileSync } from 'node:child_process';
const script = (spec) => `await import('openapi-fetch'); const c0=process.cpuUsage(); await import('${spec}'); const c=process.cpuUsage(c0); console.log((c.user+c.system)/1000);`;
for (const spec of ['@jira-auth/core/adapter-kit', '@jira-auth/openapi-fetch', '@jira-auth/core']) {
  const v = Array.from({ length: 15 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script(spec)])));
  console.log(spec, Math.min(...v).toFixed(2), [...v].sort((a,b)=>a-b)[7].toFixed(2));
}
