import {
  authorizationUrl,
  basicAuth,
  bearerAuth,
  clientCredentials,
  completeAuthorization,
  ENV,
  fromEnv,
  oauth2,
} from '@jira-auth/core';
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  type Emulator,
  startEmulator,
} from '@jira-auth/emulator';
import { type WhoAmI, whoAmI } from './whoami.js';

function print(results: WhoAmI[]): void {
  for (const result of results) {
    console.log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${result.label}\n     ${result.detail}\n     via ${result.url}`,
    );
    if (result.note) console.log(`     ${result.note}`);
  }
}

async function againstRealJira(): Promise<WhoAmI[]> {
  console.log(`${ENV.baseUrl} is set: calling your Jira.\n`);
  const strategy = fromEnv();
  const path = strategy.kind === 'bearer' ? '/rest/api/2/myself' : '/rest/api/3/myself';
  return [await whoAmI(`${strategy.kind} from environment`, strategy, path)];
}

async function againstEmulator(): Promise<WhoAmI[]> {
  console.log(
    `No ${ENV.baseUrl} set: running against the bundled emulator (set ${ENV.baseUrl}, ${ENV.email} and ${ENV.apiToken}, or ${ENV.pat}, to use your Jira).\n`,
  );
  const emulator = await startEmulator();
  try {
    const { urls, endpoints } = emulator;
    const cloud = { email: DEFAULT_CLOUD_USER.email };
    return [
      await whoAmI(
        'API token (classic) on the site',
        basicAuth({ site: urls.site, ...cloud, apiToken: DEFAULT_CLOUD_USER.classicToken as string }),
        '/rest/api/3/myself',
      ),
      await whoAmI(
        'API token (scoped) through the gateway, cloudId from /_edge/tenant_info',
        basicAuth({
          site: urls.site,
          ...cloud,
          apiToken: DEFAULT_CLOUD_USER.scopedToken as string,
          scoped: true,
          endpoints,
        }),
        '/rest/api/3/myself',
      ),
      await whoAmI(
        'Data Center personal access token',
        bearerAuth({ baseUrl: urls.dataCenter, token: DEFAULT_DC_USER.pat as string }),
        '/rest/api/2/myself',
      ),
      await whoAmI(
        'Data Center username and password',
        basicAuth({
          baseUrl: urls.dataCenter,
          username: DEFAULT_DC_USER.username,
          password: DEFAULT_DC_USER.password,
        }),
        '/rest/api/2/myself',
      ),
      ...(await oauthFlow(emulator)),
      await whoAmI(
        'Service account (OAuth 2.0 client credentials) through the gateway',
        clientCredentials({
          clientId: DEFAULT_SERVICE_ACCOUNT.clientId,
          clientSecret: DEFAULT_SERVICE_ACCOUNT.clientSecret,
          site: urls.site,
          endpoints,
        }),
        '/rest/api/3/myself',
      ),
    ];
  } finally {
    await emulator.close();
  }
}

/** OAuth 2.0 (3LO): consent, code exchange, a call through the gateway, then an expiry and the refresh. */
async function oauthFlow(emulator: Emulator): Promise<WhoAmI[]> {
  const app = DEFAULT_OAUTH_CLIENT;
  const redirectUri = app.redirectUris[0] as string;
  const { endpoints, urls } = emulator;
  const now = () => emulator.now();
  const { url, state } = authorizationUrl({
    clientId: app.clientId,
    redirectUri,
    scopes: ['read:jira-user'],
    endpoints,
  });
  // The emulator consents at once and redirects to the callback, as a browser would follow.
  const callback = await emulator.consent(url);
  const { tokens, cloudId } = await completeAuthorization({
    callback,
    state,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri,
    site: urls.site,
    endpoints,
    now,
  });
  const renewals: string[] = [];
  const auth = oauth2({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    account: DEFAULT_CLOUD_USER.accountId,
    cloudId,
    tokens,
    endpoints,
    now,
    onTokens: (next) => {
      renewals.push(
        `refreshed: new access token, refresh token rotated and saved, valid until ${new Date(next.expiresAt).toISOString()}`,
      );
    },
  });
  const first = await whoAmI(
    'OAuth 2.0 (3LO) through the gateway, after consent and code exchange',
    auth,
    '/rest/api/3/myself',
  );
  emulator.advanceClock(3600);
  const second = await whoAmI(
    'OAuth 2.0 (3LO) an hour later: the access token had expired',
    auth,
    '/rest/api/3/myself',
  );
  second.note = renewals[0] ?? 'no refresh happened';
  return [first, { ...second, ok: second.ok && renewals.length === 1 }];
}

const results = process.env[ENV.baseUrl] ? await againstRealJira() : await againstEmulator();
print(results);
const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.length - failed} of ${results.length} verified.`);
process.exitCode = failed === 0 ? 0 : 1;
