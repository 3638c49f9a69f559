import { ConfigurationError, CredentialRejectedError } from './errors.js';
import { type OnEvent, reporter } from './events.js';
import { requireSecret } from './secret.js';
import { staticHeaderStrategy } from './static-header.js';
import type { AuthStrategy } from './strategy.js';
import { parseBaseUrl } from './url.js';

export interface BearerAuthOptions {
  /** The Data Center base URL, with its context path if it has one, e.g. `https://jira.example.com/jira`. */
  baseUrl: string | URL;
  /** A personal access token (Profile > Personal Access Tokens; Jira 8.14+). */
  token: string;
  /**
   * When the token expires (Jira lists it at `GET /rest/pat/latest/tokens`): a `credential-expiring` event from two
   * weeks ahead, once a day, and the date named when Jira rejects the token after it.
   */
  expiresAt?: Date | string | number;
  /** Receives what the adapters do with this strategy (rate limits), never a secret. */
  onEvent?: OnEvent;
}

/**
 * A Jira Data Center personal access token, sent as `Authorization: Bearer <token>`. PATs exist only on Data
 * Center; on Cloud use {@link basicAuth} or OAuth.
 *
 * @example
 * const auth = bearerAuth({ baseUrl: 'https://jira.example.com/jira', token: process.env.JIRA_PAT! });
 * @see https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html
 */
export function bearerAuth(options: BearerAuthOptions): AuthStrategy {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('options', 'are missing: bearerAuth needs { baseUrl, token }');
  }
  const baseUrl = parseBaseUrl(options.baseUrl, 'baseUrl');
  if (/\.atlassian\.net$/i.test(baseUrl.hostname)) {
    throw new ConfigurationError(
      'baseUrl',
      'is an atlassian.net site, and personal access tokens exist only on Jira Data Center: use basicAuth with an API token, or OAuth',
    );
  }
  const token = requireSecret(
    options.token,
    'token',
    'create a personal access token in Jira (Profile > Personal Access Tokens) and pass it',
    true,
  );
  const header = { authorization: `Bearer ${token}` };
  const { report, owns } = reporter('bearer');
  return owns(
    staticHeaderStrategy({
      kind: 'bearer',
      baseUrl: async () => baseUrl,
      header,
      rejected: () =>
        new CredentialRejectedError(
          'Jira rejected the personal access token: it expired or was revoked, so create a new one in Profile > Personal Access Tokens',
        ),
      description: `bearerAuth personal access token for ${baseUrl.href}`,
      expiresAt: options.expiresAt,
      report,
    }),
    options.onEvent,
  );
}
