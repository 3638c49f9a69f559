import type { AuthServer } from '../auth-server.js';
import type { CloudUser, DataCenterUser } from '../defaults.js';
import type { ForgeEmulation } from '../forge.js';
import type { EmulatedIssue } from '../jira-rest.js';
import type { SiteModel } from '../site-model.js';

/** The hosts the emulator stands in for, each on its own loopback port (so each has its own origin). */
export type HostRole = 'site' | 'api' | 'auth' | 'dc' | 'foreign';

/** What the fake hosts share: the tenant's users, its auth servers, its issues, and where each host listens. */
export interface HostContext {
  readonly cloudId: string;
  /** The site's Assets workspace. */
  readonly workspaceId: string;
  readonly contextPath: string;
  readonly captchaAfter: number;
  readonly cloudUsers: readonly CloudUser[];
  readonly dataCenterUsers: readonly DataCenterUser[];
  /** auth.atlassian.com. */
  readonly auth: AuthServer;
  /** The Data Center instance's own OAuth 2.0 provider. */
  readonly dataCenterAuth: AuthServer;
  readonly issues: Map<string, EmulatedIssue>;
  /** Projects, fields, boards and the rest of the site's configuration. */
  readonly site: SiteModel;
  /**
   * Data Center's Basic authentication on REST calls: blocked or not, and its allowlist (the SSO for Atlassian Data
   * Center app's `/rest/basicauth/1.0/config`: `block-requests`, `allowed-users`, `allowed-paths` with `*`).
   */
  readonly basicAuth: DataCenterBasicAuth;
  /** Failed Basic logins per Data Center username, for the CAPTCHA rule. */
  readonly failedLogins: Map<string, number>;
  /** Forge: its JWKS, and the app's system and user tokens that the gateway accepts. */
  readonly forge: ForgeEmulation;
  /** accessible-resources lists two other sites beside the emulated one. */
  readonly otherSites: boolean;
  origin(role: HostRole): string;
}

/** Data Center's Basic authentication setting, as its admin REST resource has it. */
export interface DataCenterBasicAuth {
  blockRequests: boolean;
  allowedUsers: string[];
  allowedPaths: string[];
}
