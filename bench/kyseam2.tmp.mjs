import ky from 'ky';
import { BODY } from '/work/main/bench/overhead/body.mjs';
const origin='http://127.0.0.1:9';
const H={'content-type':'application/json','content-length':String(Buffer.byteLength(BODY))};
const fetchStub = async () => new Response(BODY, { status: 200, headers: H });
const noop=()=>undefined;
const real = origin + '/ex/jira/cid/';
const P='https://jira-auth.invalid/';
const mk = (before, extra={}) => ky.create({prefixUrl: P, retry:0, headers:{authorization:'Bearer x'}, hooks:{beforeRequest:[before],afterResponse:[noop],beforeError:[(e)=>e]}, fetch: fetchStub, ...extra});
const senders = {
  noop: mk(noop),
  asyncNoop: mk(async()=>undefined),
  copyNoSignal: mk((r)=> new Request(real + r.url.slice(P.length), {method:r.method, headers:r.headers, redirect: r.redirect})),
  copySignal: mk((r)=> new Request(real + r.url.slice(P.length), {method:r.method, headers:r.headers, signal: r.signal, redirect: r.redirect})),
  copyOptSignal: mk((r,o)=> new Request(real + r.url.slice(P.length), {method:r.method, headers:r.headers, signal: o.signal, redirect: r.redirect})),
};
const N=Number(process.env.N??2000), R=Number(process.env.R??15);
async function time(c){ globalThis.gc(); const s=process.hrtime.bigint(); for(let i=0;i<N;i++) await c.get('rest/api/3/myself').json(); return Number(process.hrtime.bigint()-s)/1000/N; }
for (const c of Object.values(senders)) for(let i=0;i<3;i++) await time(c);
const res=Object.fromEntries(Object.keys(senders).map(k=>[k,[]]));
for(let r=0;r<R;r++) for(const [k,c] of (r%2?Object.entries(senders):Object.entries(senders).reverse())) res[k].push(await time(c));
const med=a=>[...a].sort((x,y)=>x-y)[a.length>>1];
for(const [k,v] of Object.entries(res)) console.log(k.padEnd(15), med(v).toFixed(1), (med(v)-med(res.noop)).toFixed(1));
