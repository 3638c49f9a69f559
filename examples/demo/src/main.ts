import { basicAuth, bearerAuth, ENV, fromEnv } from '@jira-auth/core';
import { DEFAULT_CLOUD_USER, DEFAULT_DC_USER, startEmulator } from '@jira-auth/emulator';
import { type WhoAmI, whoAmI } from './whoami.js';

function print(results: WhoAmI[]): void {
  for (const result of results) {
    console.log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${result.label}\n     ${result.detail}\n     via ${result.url}`,
    );
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
    ];
  } finally {
    await emulator.close();
  }
}

const results = process.env[ENV.baseUrl] ? await againstRealJira() : await againstEmulator();
print(results);
const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.length - failed} of ${results.length} verified.`);
process.exitCode = failed === 0 ? 0 : 1;
