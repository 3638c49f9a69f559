import { basicAuth, oauth2 } from '@jira-auth/core';
import { jiraAuth as kyAuth } from '@jira-auth/ky';
import ky from '/work/main/node_modules/.pnpm/ky@2.1.0/node_modules/ky/distribution/index.js';
import { BODY } from '/work/main/bench/overhead/body.mjs';
const origin='http://127.0.0.1:9';
const H={'content-type':'application/json','content-length':String(Buffer.byteLength(BODY))};
const fetchStub = async () => new Response(BODY, { status: 200, headers: H });
const oauth = () => oauth2({clientId:'c',clientSecret:'s',account:'a',cloudId:'cid',endpoints:{api:origin,auth:origin},tokens:{accessToken:'bench-access-token-0123',refreshToken:'r',expiresAt:Date.now()+86400000,scope:['read:jira-user'],tokenType:'Bearer'}});
const basic = () => basicAuth({ site: origin, email: 'ada@example.com', apiToken: 'bench-api-token-0123' });
const noop=()=>undefined;
const senders = {
  bare: ky.create({baseUrl: origin, retry:0, headers:{authorization:'Bearer x'}, fetch: fetchStub}),
  noop: ky.create({baseUrl: origin, retry:0, headers:{authorization:'Bearer x'}, hooks:{beforeRequest:[noop],afterResponse:[noop],beforeError:[(e)=>e]}, fetch: fetchStub}),
  oauth: ky.create({...kyAuth(oauth(), {ky}), retry:0, fetch: fetchStub}),
  oauthPrefixed: ky.create({...kyAuth(oauth(), {ky}), baseUrl: origin+'/ex/jira/cid/', retry:0, fetch: fetchStub}),
  basic: ky.create({...kyAuth(basic(), {ky}), retry:0, fetch: fetchStub}),
};
const N=Number(process.env.N??2000), R=Number(process.env.R??15);
async function time(c){ globalThis.gc(); const s=process.hrtime.bigint(); for(let i=0;i<N;i++) await c.get('rest/api/3/myself').json(); return Number(process.hrtime.bigint()-s)/1000/N; }
for (const c of Object.values(senders)) for(let i=0;i<3;i++) await time(c);
const res=Object.fromEntries(Object.keys(senders).map(k=>[k,[]]));
for(let r=0;r<R;r++) for(const [k,c] of (r%2?Object.entries(senders):Object.entries(senders).reverse())) res[k].push(await time(c));
const med=a=>[...a].sort((x,y)=>x-y)[a.length>>1];
for(const [k,v] of Object.entries(res)) console.log(k.padEnd(15), med(v).toFixed(1), (med(v)-med(res.noop)).toFixed(1));
