import { oauth2 } from '@jira-auth/core';
import { jiraAuth as kyAuth } from '@jira-auth/ky';
import ky from 'ky';
import { BODY } from '/work/main/bench/overhead/body.mjs';
const origin='http://127.0.0.1:9';
const H={'content-type':'application/json','content-length':String(Buffer.byteLength(BODY))};
const fetchStub = async () => new Response(BODY, { status: 200, headers: H });
const oauth = () => oauth2({clientId:'c',clientSecret:'s',account:'a',cloudId:'cid',endpoints:{api:origin,auth:origin},tokens:{accessToken:'bench-access-token-0123',refreshToken:'r',expiresAt:Date.now()+86400000,scope:['read:jira-user'],tokenType:'Bearer'}});
const noop=()=>undefined;
const c = process.env.V === 'noop'
  ? ky.create({prefixUrl: origin, retry:0, headers:{authorization:'Bearer x'}, hooks:{beforeRequest:[noop],afterResponse:[noop],beforeError:[(e)=>e]}, fetch: fetchStub})
  : ky.create({...kyAuth(oauth()), retry:0, fetch: fetchStub});
for(let i=0;i<3000;i++) await c.get('rest/api/3/myself').json();
const s=process.hrtime.bigint();
for(let i=0;i<30000;i++) await c.get('rest/api/3/myself').json();
console.log(process.env.V, Number(process.hrtime.bigint()-s)/1000/30000);
