import { utf8ToBase64 } from './base64.js';
import { type AtlassianEndpoints, resolveEndpoints } from './endpoints.js';
import { ConfigurationError, CredentialRejectedError } from './errors.js';
import { type OnEvent, observe, reporter } from './events.js';
import { requireSecret } from './secret.js';
import { staticHeaderStrategy } from './static-header.js';
import type { AuthStrategy } from './strategy.js';
import { cloudBaseUrl, cloudIdLookup } from './tenant-info.js';
import { parseBaseUrl, parseOrigin } from './url.js';

/** Jira Cloud: an Atlassian account email and an API token. */
export interface CloudBasicAuthOptions {
  /** Your site, e.g. `https://your-site.atlassian.net` (no path). */
  site: string | URL;
  /** The Atlassian account's email (a service account's email for its tokens). */
  email: string;
  /**
   * An API token from https://id.atlassian.com/manage-profile/security/api-tokens. Length varies: it is not checked.
   */
  apiToken: string;
  /**
   * The token is a scoped API token (every service-account token is). Scoped tokens are only accepted through the
   * gateway `https://api.atlassian.com/ex/jira/{cloudId}`, and nothing in a token says whether it is scoped.
   * @default false
   * @see https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account
   */
  scoped?: boolean;
  /**
   * When the token expires (API tokens last a year at most; Atlassian shows the day): a `credential-expiring` event
   * from two weeks ahead, once a day, and the date named when Jira rejects the token after it. `2027-03-31` means
   * the start of that day, UTC.
   */
  expiresAt?: Date | string | number;
  /** The site's cloudId, when known; otherwise it is read once from `<site>/_edge/tenant_info`. Scoped only. */
  cloudId?: string;
  endpoints?: AtlassianEndpoints;
  /** The fetch used for the cloudId lookup. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Receives what the strategy and its adapters do (lookups, rate limits), never a secret. */
  onEvent?: OnEvent;
}

/** Jira Data Center or Server: a username and password. Prefer {@link bearerAuth} with a personal access token. */
export interface DataCenterBasicAuthOptions {
  /** The base URL, with its context path if it has one, e.g. `https://jira.example.com/jira`. */
  baseUrl: string | URL;
  username: string;
  password: string;
  /** Receives what the adapters do with this strategy (rate limits), never a secret. */
  onEvent?: OnEvent;
}

export type BasicAuthOptions = CloudBasicAuthOptions | DataCenterBasicAuthOptions;

const TOKEN_FIX = 'pass an API token from https://id.atlassian.com/manage-profile/security/api-tokens';

/**
 * HTTP Basic authentication: email + API token on Jira Cloud (classic or scoped), or username + password on Data
 * Center. The header is computed once, from the UTF-8 bytes of `email:token`.
 *
 * @example
 * const auth = basicAuth({ site: 'https://your-site.atlassian.net', email: 'you@example.com', apiToken });
 * @see https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/
 */
export function basicAuth(options: BasicAuthOptions): AuthStrategy {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'options',
      'are missing: pass { site, email, apiToken } or { baseUrl, username, password }',
    );
  }
  return 'site' in options ? cloudBasicAuth(options) : observe(dataCenterBasicAuth(options), options.onEvent);
}

function cloudBasicAuth(options: CloudBasicAuthOptions): AuthStrategy {
  const site = parseOrigin(options.site, 'site');
  const email = options.email;
  if (typeof email !== 'string' || !email.includes('@')) {
    throw new ConfigurationError(
      'email',
      `${typeof email === 'string' && email.trim() ? 'is not an email' : 'is missing'}: pass the email of the Atlassian account that owns the token`,
    );
  }
  const apiToken = requireSecret(options.apiToken, 'apiToken', TOKEN_FIX);
  const scoped = options.scoped ?? false;
  if (options.cloudId !== undefined && !scoped) {
    throw new ConfigurationError(
      'cloudId',
      'only applies to scoped tokens: set scoped: true, or drop cloudId',
    );
  }
  const header = { authorization: `Basic ${utf8ToBase64(`${email}:${apiToken}`)}` };

  const { report, owns } = reporter('basic');
  const baseUrl = scoped
    ? cloudBaseUrl(
        resolveEndpoints(options.endpoints).api,
        options.cloudId ?? cloudIdLookup(site, options.fetch ?? globalThis.fetch, report),
      )
    : async () => site;

  const hint = scoped
    ? 'drop scoped: true for a classic token; otherwise it expired, was revoked, or lacks the scope'
    : 'set scoped: true for a scoped or service-account token; otherwise it expired or was revoked';

  return owns(
    staticHeaderStrategy({
      kind: 'basic',
      baseUrl,
      header,
      rejected: () => new CredentialRejectedError(`Jira rejected the API token: ${hint}`),
      description: `basicAuth ${scoped ? 'scoped token via gateway' : 'classic token'} for ${site.origin}`,
      expiresAt: options.expiresAt,
      report,
    }),
    options.onEvent,
  );
}

function dataCenterBasicAuth(options: DataCenterBasicAuthOptions): AuthStrategy {
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  const username = options.username;
  if (typeof username !== 'string' || username.trim() === '' || username.includes(':')) {
    throw new ConfigurationError(
      'username',
      'is empty or has a ":" (which Basic cannot carry): pass the Jira username',
    );
  }
  const password = requireSecret(
    options.password,
    'password',
    'pass it, or use bearerAuth with a personal access token',
  );
  const header = { authorization: `Basic ${utf8ToBase64(`${username}:${password}`)}` };
  return staticHeaderStrategy({
    kind: 'basic',
    baseUrl: async () => baseUrl,
    header,
    rejected: () =>
      new CredentialRejectedError(
        'Jira rejected the username or password: check them before trying again, as repeated failures bring a CAPTCHA',
      ),
    description: `basicAuth username/password for ${baseUrl.href}`,
  });
}
