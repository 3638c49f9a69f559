// The emulator as a command: Jira Cloud, its gateway and auth server, and Jira Data Center on 127.0.0.1, for trying
// jira-auth and testing code that uses it. Prints the URLs, every default credential, and environment lines to paste;
// runs until stopped. `jira-auth emulator` (the CLI) and this package's `jira-auth-emulator` bin both run it.
import { parseArgs } from 'node:util';
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_OAUTH_CLIENT,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
} from './defaults.js';
import { startEmulator } from './emulator.js';

const help = (name: string) => `Usage: ${name} [--port N] [--cloud-id ID] [--json]

Starts an emulated Jira (Cloud site, api.atlassian.com gateway, auth.atlassian.com, Data Center, and a foreign
host) on 127.0.0.1, prints its URLs, its default credentials and environment lines for fromEnv(), and runs
until stopped (Ctrl-C).

  --port N       use ports N to N+4 (site, gateway, auth server, Data Center, foreign host) instead of free
                 ones, so the URLs stay the same between starts (with --cloud-id, the gateway's too)
  --cloud-id ID  the site's cloudId (default: a random UUID)
  --json         print everything as one JSON object
  -h, --help     this text
`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'cloud-id': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
/**
 * The emulator as a command: parses `argv` (`--port N`, `--cloud-id ID`, `--json`, `--help`), starts it, prints its
 * URLs, credentials and environment lines, and runs until SIGINT or SIGTERM. `name` is what its help and errors
 * call it: `jira-auth emulator` from the CLI, `jira-auth-emulator` from this package's bin.
 */
export async function emulatorCommand(argv: string[], name = 'jira-auth-emulator'): Promise<void> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n\n${help(name)}`);
    process.exitCode = 2;
    return;
  }
  if (args.values.help) {
    process.stdout.write(help(name));
    return;
  }
  const port = args.values.port === undefined ? undefined : Number(args.values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port + 4 < 65_536)) {
    process.stderr.write(`${name}: --port must be a port number from 1 to 65531, not ${args.values.port}\n`);
    process.exitCode = 2;
    return;
  }

  const emulator = await startEmulator({
    ...(port === undefined ? {} : { port }),
    ...(args.values['cloud-id'] ? { cloudId: args.values['cloud-id'] } : {}),
  });
  const { urls, endpoints, cloudId } = emulator;
  const credentials = {
    cloudUser: DEFAULT_CLOUD_USER,
    dataCenterUser: DEFAULT_DC_USER,
    oauthClient: DEFAULT_OAUTH_CLIENT,
    serviceAccount: DEFAULT_SERVICE_ACCOUNT,
    dataCenterOAuthClient: DEFAULT_DC_OAUTH_CLIENT,
    issues: ['DEMO-1 (POST /rest/api/3/issue creates more)'],
  };
  const env = {
    'API token (Cloud)': {
      JIRA_BASE_URL: urls.site,
      JIRA_USER_EMAIL: DEFAULT_CLOUD_USER.email,
      JIRA_API_TOKEN: DEFAULT_CLOUD_USER.classicToken,
    },
    'scoped API token (Cloud, through the gateway)': {
      JIRA_BASE_URL: urls.site,
      JIRA_USER_EMAIL: DEFAULT_CLOUD_USER.email,
      JIRA_API_TOKEN: DEFAULT_CLOUD_USER.scopedToken,
      JIRA_API_TOKEN_SCOPED: 'true',
      JIRA_CLOUD_ID: cloudId,
      // Test-only: where fromEnv() sends gateway and auth server requests instead of Atlassian's hosts.
      JIRA_AUTH_TEST_API_URL: endpoints.api,
      JIRA_AUTH_TEST_AUTH_URL: endpoints.auth,
    },
    'service account (Cloud)': {
      JIRA_CLIENT_ID: DEFAULT_SERVICE_ACCOUNT.clientId,
      JIRA_CLIENT_SECRET: DEFAULT_SERVICE_ACCOUNT.clientSecret,
      JIRA_CLOUD_ID: cloudId,
      JIRA_AUTH_TEST_API_URL: endpoints.api,
      JIRA_AUTH_TEST_AUTH_URL: endpoints.auth,
    },
    'personal access token (Data Center)': { JIRA_BASE_URL: urls.dataCenter, JIRA_PAT: DEFAULT_DC_USER.pat },
    'username and password (Data Center)': {
      JIRA_BASE_URL: urls.dataCenter,
      JIRA_USERNAME: DEFAULT_DC_USER.username,
      JIRA_PASSWORD: DEFAULT_DC_USER.password,
    },
  };

  if (args.values.json) {
    process.stdout.write(`${JSON.stringify({ urls, endpoints, cloudId, credentials, env }, null, 2)}\n`);
  } else {
    const lines = [
      'jira-auth emulator: fake hosts and fake credentials, for tests and trying things out.',
      '',
      `  Cloud site      ${urls.site}   (cloudId ${cloudId})`,
      `  gateway         ${urls.gateway}`,
      `  auth server     ${endpoints.auth}   (endpoints: { api: '${endpoints.api}', auth: '${endpoints.auth}' })`,
      `  Data Center     ${urls.dataCenter}`,
      `  foreign host    ${urls.foreign}   (credentials must never arrive here)`,
      '',
      `  Cloud user      ${DEFAULT_CLOUD_USER.email}, classic token ${DEFAULT_CLOUD_USER.classicToken}, scoped token ${DEFAULT_CLOUD_USER.scopedToken}`,
      `  DC user         ${DEFAULT_DC_USER.username}, password ${DEFAULT_DC_USER.password}, PAT ${DEFAULT_DC_USER.pat}`,
      `  OAuth app       ${DEFAULT_OAUTH_CLIENT.clientId} / ${DEFAULT_OAUTH_CLIENT.clientSecret}, redirect ${DEFAULT_OAUTH_CLIENT.redirectUris.join(' ')}, scopes ${DEFAULT_OAUTH_CLIENT.scopes.join(' ')}`,
      `  service account ${DEFAULT_SERVICE_ACCOUNT.clientId} / ${DEFAULT_SERVICE_ACCOUNT.clientSecret}`,
      `  DC OAuth app    ${DEFAULT_DC_OAUTH_CLIENT.clientId} / ${DEFAULT_DC_OAUTH_CLIENT.clientSecret}, redirect ${DEFAULT_DC_OAUTH_CLIENT.redirectUris.join(' ')}`,
      '  issues          DEMO-1 (POST /rest/api/3/issue creates more)',
      '',
      'Environment for fromEnv(), one method at a time (JIRA_AUTH_TEST_* are for tests only):',
      ...Object.entries(env).flatMap(([method, variables]) => [
        '',
        `# ${method}`,
        ...Object.entries(variables).map(([name, value]) => `${name}=${value}`),
      ]),
      '',
      'Ctrl-C stops it.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
