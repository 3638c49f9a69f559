import { basicAuth } from './basic-auth.js';
import { bearerAuth } from './bearer-auth.js';
import type { AtlassianEndpoints } from './endpoints.js';
import { ConfigurationError } from './errors.js';
import type { AuthStrategy } from './strategy.js';

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
}

/** The variables {@link fromEnv} reads: the names Atlassian's docs and the popular Jira CLIs use. */
export const ENV = {
  baseUrl: 'JIRA_BASE_URL',
  email: 'JIRA_USER_EMAIL',
  apiToken: 'JIRA_API_TOKEN',
  scoped: 'JIRA_API_TOKEN_SCOPED',
  cloudId: 'JIRA_CLOUD_ID',
  pat: 'JIRA_PAT',
} as const;

const FIELD_TO_ENV: Record<string, string> = {
  site: ENV.baseUrl,
  baseUrl: ENV.baseUrl,
  email: ENV.email,
  apiToken: ENV.apiToken,
  cloudId: ENV.cloudId,
  token: ENV.pat,
};

/**
 * Builds a strategy from environment variables:
 * - `JIRA_BASE_URL` + `JIRA_PAT`: a Data Center personal access token ({@link bearerAuth});
 * - `JIRA_BASE_URL` + `JIRA_USER_EMAIL` + `JIRA_API_TOKEN`: a Cloud API token ({@link basicAuth}); add
 *   `JIRA_API_TOKEN_SCOPED=true` for a scoped token and optionally `JIRA_CLOUD_ID`.
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
  const pat = read(ENV.pat);
  const email = read(ENV.email);
  const apiToken = read(ENV.apiToken);

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
