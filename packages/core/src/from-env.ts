import { basicAuth } from './basic-auth.js';
import { bearerAuth } from './bearer-auth.js';
import type { AtlassianEndpoints } from './endpoints.js';
import { ConfigurationError } from './errors.js';
import type { OnEvent } from './events.js';
import { clientCredentials } from './oauth/client-credentials.js';
import { dataCenterClientCredentials, dataCenterOAuth2 } from './oauth/data-center.js';
import { oauth2 } from './oauth/oauth2.js';
import type { AuthStrategy } from './strategy.js';
import type { TokenSet, TokenStore } from './token-store.js';

/** The non-secret facts `jira-auth init` writes to a project's `.jira-auth.json` (the parts `fromEnv` uses). */
export interface ProjectFacts {
  /** The site (Cloud) or base URL (Data Center). */
  site?: string | null;
  cloudId?: string | null;
  /** e.g. `api-token (scoped)`: a scoped token goes through the gateway. */
  method?: string | null;
}

export interface FromEnvOptions {
  /** Where to read the variables. @default process.env */
  env?: Record<string, string | undefined>;
  /**
   * A project's `.jira-auth.json`, parsed: its site, cloudId and method stand in for `JIRA_BASE_URL`,
   * `JIRA_CLOUD_ID` and `JIRA_API_TOKEN_SCOPED` when those are unset, so only the secret comes from the environment.
   */
  project?: ProjectFacts;
  endpoints?: AtlassianEndpoints;
  fetch?: typeof fetch;
  /**
   * OAuth 2.0 (3LO): where the user's tokens are kept (a file store, Redis). It is read before `JIRA_REFRESH_TOKEN`,
   * and keeps the rotated pair that the variable cannot.
   */
  store?: TokenStore;
  /** Receives the strategy's events (see `onEvent`). */
  onEvent?: OnEvent;
}

/** The variables {@link fromEnv} reads: the names Atlassian's docs and the popular Jira CLIs use. */
export const ENV = {
  baseUrl: 'JIRA_BASE_URL',
  email: 'JIRA_USER_EMAIL',
  apiToken: 'JIRA_API_TOKEN',
  scoped: 'JIRA_API_TOKEN_SCOPED',
  cloudId: 'JIRA_CLOUD_ID',
  pat: 'JIRA_PAT',
  clientId: 'JIRA_CLIENT_ID',
  clientSecret: 'JIRA_CLIENT_SECRET',
  accountId: 'JIRA_ACCOUNT_ID',
  refreshToken: 'JIRA_REFRESH_TOKEN',
  redirectUri: 'JIRA_REDIRECT_URI',
  username: 'JIRA_USERNAME',
  password: 'JIRA_PASSWORD',
  /** For tests only: the emulator's gateway, in place of https://api.atlassian.com (`npx @jira-auth/cli emulator` prints it). */
  testApiUrl: 'JIRA_AUTH_TEST_API_URL',
  /** For tests only: the emulator's auth server, in place of https://auth.atlassian.com. */
  testAuthUrl: 'JIRA_AUTH_TEST_AUTH_URL',
} as const;

const FIELD_TO_ENV: Record<string, string> = {
  site: ENV.baseUrl,
  baseUrl: ENV.baseUrl,
  email: ENV.email,
  apiToken: ENV.apiToken,
  cloudId: ENV.cloudId,
  token: ENV.pat,
  clientId: ENV.clientId,
  clientSecret: ENV.clientSecret,
  account: ENV.accountId,
  redirectUri: ENV.redirectUri,
  username: ENV.username,
  password: ENV.password,
  'endpoints.api': ENV.testApiUrl,
  'endpoints.auth': ENV.testAuthUrl,
};

/**
 * Builds a strategy from environment variables, for the one method they describe:
 * - `JIRA_BASE_URL` + `JIRA_PAT`: a Data Center personal access token ({@link bearerAuth});
 * - `JIRA_BASE_URL` + `JIRA_USER_EMAIL` + `JIRA_API_TOKEN`: a Cloud API token ({@link basicAuth}); add
 *   `JIRA_API_TOKEN_SCOPED=true` for a scoped token and optionally `JIRA_CLOUD_ID`;
 * - `JIRA_CLIENT_ID` + `JIRA_CLIENT_SECRET` + `JIRA_ACCOUNT_ID`: OAuth 2.0 (3LO) for that user ({@link oauth2}),
 *   the tokens from `store` or `JIRA_REFRESH_TOKEN`; the site from `JIRA_BASE_URL` or `JIRA_CLOUD_ID` (or neither,
 *   when the grant reaches one site);
 * - `JIRA_CLIENT_ID` + `JIRA_CLIENT_SECRET` alone: a service account ({@link clientCredentials}), with
 *   `JIRA_BASE_URL` or `JIRA_CLOUD_ID`;
 * - `JIRA_BASE_URL` + `JIRA_USERNAME` + `JIRA_PASSWORD`: Data Center Basic auth ({@link basicAuth});
 * - OAuth with a `JIRA_BASE_URL` that is not an `atlassian.net` site goes to Data Center's own provider: 3LO
 *   (`dataCenterOAuth2`, which also needs `JIRA_REDIRECT_URI`) or client credentials (`dataCenterClientCredentials`).
 *
 * Variables of two methods at once (a PAT and an API token, say) are refused with a message that lists them.
 *
 * @example
 * const auth = fromEnv();
 */
export function fromEnv(options: FromEnvOptions = {}): AuthStrategy {
  const env =
    options.env ??
    (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ??
    {};
  const read = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const project = options.project ?? {};
  const baseUrl = read(ENV.baseUrl) ?? (project.site || undefined);
  // For tests only: the emulator's gateway and auth server, as `npx @jira-auth/cli emulator` prints them.
  const testApi = read(ENV.testApiUrl);
  const testAuth = read(ENV.testAuthUrl);
  if (!options.endpoints && (testApi || testAuth)) {
    options = {
      ...options,
      endpoints: { ...(testApi ? { api: testApi } : {}), ...(testAuth ? { auth: testAuth } : {}) },
    };
  }
  const pat = read(ENV.pat);
  const email = read(ENV.email);
  const apiToken = read(ENV.apiToken);

  const methods = [
    { name: 'a personal access token', found: [ENV.pat].filter(read) },
    { name: 'a username and password', found: [ENV.username, ENV.password].filter(read) },
    { name: 'an API token', found: [ENV.email, ENV.apiToken, ENV.scoped].filter(read) },
    {
      name: 'OAuth',
      found: [ENV.clientId, ENV.clientSecret, ENV.accountId, ENV.refreshToken, ENV.redirectUri].filter(read),
    },
  ].filter((method) => method.found.length > 0);
  if (methods.length > 1) {
    const found = methods.flatMap((method) => method.found);
    throw new ConfigurationError(
      found.join(', '),
      `are all set, which describes ${methods.map((method) => method.name).join(' and ')}: set the variables of one method only`,
    );
  }
  if (methods[0]?.name === 'OAuth') return fromOAuthEnv(read, baseUrl, options);
  if (methods[0]?.name === 'a username and password') {
    return withVariableNames(() =>
      basicAuth({
        baseUrl: baseUrl ?? '',
        username: read(ENV.username) as string,
        password: read(ENV.password) as string,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      }),
    );
  }

  const missing: (string | undefined)[] = [baseUrl ? undefined : ENV.baseUrl];
  if (!pat) missing.push(email ? undefined : ENV.email, apiToken ? undefined : ENV.apiToken);
  const names = missing.filter((name): name is string => name !== undefined);
  if (names.length > 0) {
    throw new ConfigurationError(
      names.join(', '),
      `${names.length > 1 ? 'are' : 'is'} not set: set ${ENV.baseUrl} and either ${ENV.email} + ${ENV.apiToken} (Jira Cloud) or ${ENV.pat} (Jira Data Center)`,
    );
  }

  try {
    if (pat) return bearerAuth({ baseUrl: baseUrl as string, token: pat });
    const scopedFlag =
      read(ENV.scoped)?.toLowerCase() ?? (project.method?.includes('scoped') ? 'true' : undefined);
    if (scopedFlag !== undefined && !['true', '1', 'false', '0'].includes(scopedFlag)) {
      throw new ConfigurationError(ENV.scoped, `must be true or false`);
    }
    const scoped = scopedFlag === 'true' || scopedFlag === '1';
    // The project's cloudId serves scoped tokens only (a classic token goes to the site itself).
    const cloudId = read(ENV.cloudId) ?? ((scoped && project.cloudId) || undefined);
    return basicAuth({
      site: baseUrl as string,
      email: email as string,
      apiToken: apiToken as string,
      scoped,
      ...(cloudId ? { cloudId } : {}),
      ...(options.endpoints ? { endpoints: options.endpoints } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } catch (error) {
    if (!ConfigurationError.isInstance(error)) throw error;
    const name = FIELD_TO_ENV[error.field];
    if (!name) throw error;
    // The same problem, told of the environment variable the option came from.
    throw new ConfigurationError(name, error.problem, { cause: error });
  }
}

/** OAuth from the environment: 3LO with `JIRA_ACCOUNT_ID`, a service account without. */
function fromOAuthEnv(
  read: (name: string) => string | undefined,
  baseUrl: string | undefined,
  options: FromEnvOptions,
): AuthStrategy {
  const clientId = read(ENV.clientId);
  const clientSecret = read(ENV.clientSecret);
  const missing: string[] = [];
  if (!clientId) missing.push(ENV.clientId);
  if (!clientSecret) missing.push(ENV.clientSecret);
  if (missing.length > 0) {
    throw new ConfigurationError(
      missing.join(', '),
      `${missing.length > 1 ? 'are' : 'is'} not set: OAuth needs ${ENV.clientId} and ${ENV.clientSecret}`,
    );
  }
  const account = read(ENV.accountId);
  const refreshToken = read(ENV.refreshToken);
  const cloudId = read(ENV.cloudId);
  const common = {
    clientId: clientId as string,
    clientSecret: clientSecret as string,
    ...(cloudId ? { cloudId } : baseUrl ? { site: baseUrl } : {}),
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
  const dataCenter = baseUrl !== undefined && !cloudId && !/\.atlassian\.net\/?$/i.test(baseUrl);
  return withVariableNames(() => {
    if (dataCenter) {
      const dc = { ...common, baseUrl, ...(options.store ? { store: options.store } : {}) };
      if (!account) return dataCenterClientCredentials(dc);
      return dataCenterOAuth2({
        ...dc,
        account,
        redirectUri: read(ENV.redirectUri) as string,
        ...(refreshToken ? { tokens: expiredStandIn(refreshToken) } : {}),
      });
    }
    if (!account) {
      if (refreshToken) {
        throw new ConfigurationError(
          ENV.accountId,
          `is not set: a refresh token belongs to a user, so name them`,
        );
      }
      if (!cloudId && !baseUrl) {
        throw new ConfigurationError(
          `${ENV.baseUrl}, ${ENV.cloudId}`,
          'are not set: a service account needs the site (or its cloudId)',
        );
      }
      return clientCredentials(common);
    }
    if (!options.store && !refreshToken) {
      throw new ConfigurationError(
        ENV.refreshToken,
        `is not set: pass the user's token store (fromEnv({ store })) or set ${ENV.refreshToken}`,
      );
    }
    return oauth2({
      ...common,
      account,
      ...(options.store ? { store: options.store } : {}),
      ...(refreshToken ? { tokens: expiredStandIn(refreshToken) } : {}),
    });
  });
}

/** Tokens made of a refresh token alone, expired: the first request renews them. */
const expiredStandIn = (refreshToken: string): TokenSet => ({
  accessToken: 'expired',
  refreshToken,
  expiresAt: 0,
  scope: [],
  tokenType: 'Bearer',
});

/** Runs `build`, telling a configuration problem of the environment variable the option came from. */
function withVariableNames(build: () => AuthStrategy): AuthStrategy {
  try {
    return build();
  } catch (error) {
    if (!ConfigurationError.isInstance(error)) throw error;
    const name = FIELD_TO_ENV[error.field];
    if (!name) throw error;
    throw new ConfigurationError(name, error.problem, { cause: error });
  }
}
