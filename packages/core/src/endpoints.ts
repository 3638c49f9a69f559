import { ConfigurationError } from './errors.js';
import { parseOrigin } from './url.js';

/**
 * Atlassian's shared hosts. Override them to point at the emulator (`emulator.endpoints`) or a proxy; nothing else
 * in jira-auth treats them specially.
 */
export interface AtlassianEndpoints {
  /** The API gateway for scoped tokens, OAuth and service accounts. @default 'https://api.atlassian.com' */
  api?: string | URL;
  /** The OAuth 2.0 authorization server. @default 'https://auth.atlassian.com' */
  auth?: string | URL;
}

export interface ResolvedEndpoints {
  readonly api: URL;
  readonly auth: URL;
}

export function resolveEndpoints(endpoints: AtlassianEndpoints = {}): ResolvedEndpoints {
  return {
    api: parseOrigin(endpoints.api ?? 'https://api.atlassian.com', 'endpoints.api'),
    auth: parseOrigin(endpoints.auth ?? 'https://auth.atlassian.com', 'endpoints.auth'),
  };
}

export function gatewayBaseUrl(api: URL, cloudId: string): URL {
  if (!/^[A-Za-z0-9-]+$/.test(cloudId)) {
    throw new ConfigurationError(
      'cloudId',
      'must be the site id (letters, digits and dashes) from /_edge/tenant_info',
    );
  }
  return new URL(`${api.origin}/ex/jira/${cloudId}`);
}
