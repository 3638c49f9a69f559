// A token storm: N requests arrive at once on an expired OAuth token. Prints, for 1,000, 10,000 and 50,000 waiters,
// how many token requests reached the auth server (single-flight: one), how long until every waiter had its header,
// and the heap it took. Against the emulator on loopback. Figures, not a test.
import { authorizationUrl, completeAuthorization, oauth2 } from '@jira-auth/core';
import { authorize } from '@jira-auth/core/adapter-kit';
import { DEFAULT_CLOUD_USER, DEFAULT_OAUTH_CLIENT, Emulator } from '@jira-auth/emulator';

const WAITERS = (process.env.WAITERS ?? '1000,10000,50000').split(',').map(Number);
const emulator = await new Emulator().start();
const app = DEFAULT_OAUTH_CLIENT;
const redirectUri = app.redirectUris[0];

console.log(`Token storm on an expired OAuth token (Node ${process.version}).\n`);
console.log('| waiters | token requests | all headers after ms | heap growth MB |');
console.log('| ---: | ---: | ---: | ---: |');
for (const waiters of WAITERS) {
  const { url, state } = authorizationUrl({
    clientId: app.clientId,
    redirectUri,
    scopes: ['read:jira-user', 'offline_access'],
    endpoints: emulator.endpoints,
  });
  const { tokens, cloudId } = await completeAuthorization({
    callback: await emulator.consent(url),
    state,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri,
    site: emulator.urls.site,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
  });
  const strategy = oauth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId,
    tokens,
    endpoints: emulator.endpoints,
    now: () => emulator.now(),
  });
  const target = new URL(`${emulator.endpoints.api}/ex/jira/${cloudId}/rest/api/3/myself`);
  await authorize(strategy, { url: target, method: 'GET' }); // the first read of the store, not counted
  emulator.advanceClock(7200); // the access token has expired
  emulator.reset();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: waiters }, () => authorize(strategy, { url: target, method: 'GET' })),
  );
  const elapsed = performance.now() - start;
  const heap = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const requests = emulator.requests({ host: 'auth', path: '/oauth/token' }).length;
  console.log(
    `| ${waiters.toLocaleString('en')} | ${requests} | ${elapsed.toFixed(1)} | ${heap.toFixed(1)} |`,
  );
}
await emulator.close();
