import { oauth2 } from '@jira-auth/core';
import { aimRequest, authorizeRequest, keepForReplay, settleFetchResponse } from '@jira-auth/core/adapter-kit';
import { BODY } from '/work/main/bench/overhead/body.mjs';
const origin='http://127.0.0.1:9';
const s = oauth2({clientId:'c',clientSecret:'s',account:'a',cloudId:'cid',endpoints:{api:origin,auth:origin},tokens:{accessToken:'bench-access-token-0123',refreshToken:'r',expiresAt:Date.now()+86400000,scope:['read:jira-user'],tokenType:'Bearer'}});
const url = new URL(origin + '/ex/jira/cid/rest/api/3/myself');
await s.baseUrl();
const req = new Request(url, { headers: { accept: 'application/json' } });
const resp = new Response(BODY, { status: 200 });
const N = 50000;
async function t(name, f) { for (let i=0;i<5000;i++) await f(); globalThis.gc(); const st=process.hrtime.bigint(); for (let i=0;i<N;i++) await f(); console.log(name.padEnd(30), (Number(process.hrtime.bigint()-st)/1000/N).toFixed(2), 'µs'); }
for (let k=0;k<2;k++) {
await t('await nothing', async () => {});
await t('authenticate', () => s.authenticate({ url, method: 'GET' }));
await t('authorizeRequest', () => authorizeRequest(s, { url, method: 'GET', headers: req.headers }));
await t('aimRequest (not placeholder)', () => aimRequest(s, req));
await t('new URL(req.url)', () => new URL(req.url));
await t('keepForReplay', () => keepForReplay(req, undefined, url));
const copy = keepForReplay(req, undefined, url);
await t('settleFetchResponse 200', () => settleFetchResponse(s, copy, resp));
await t('headers.set', () => req.headers.set('authorization', 'Bearer bench-access-token-0123'));
}
