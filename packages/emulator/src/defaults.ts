import type { AuthServerSettings, OAuthClient } from './auth-server.js';

// Every default of the emulator in one place: its users, its OAuth apps and its auth server's behaviour.

/** A Jira Cloud user with API tokens. */
export interface CloudUser {
  accountId: string;
  email: string;
  displayName: string;
  /** Accepted on the site (`<site>.atlassian.net`) only. */
  classicToken?: string;
  /** Accepted on the gateway (`api.atlassian.com/ex/jira/{cloudId}`) only. */
  scopedToken?: string;
}

/** A Jira Data Center user. */
export interface DataCenterUser {
  username: string;
  password: string;
  displayName: string;
  email: string;
  /** A personal access token, sent as Bearer. */
  pat?: string;
  /** When the personal access token expires, as `GET /rest/pat/latest/tokens` lists it (`expiringAt`). */
  patExpiringAt?: string;
}

/** Ada: a Cloud user with both kinds of API token (its fields are all set, so they need no `?? ''`). */
export const DEFAULT_CLOUD_USER: Required<CloudUser> = {
  accountId: '5b10a2844c20165700ede21g',
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  classicToken: 'ATATT-emulator-classic-token',
  scopedToken: 'ATATT-emulator-scoped-token',
};

/** Grace: a Data Center user with a password and a personal access token. */
export const DEFAULT_DC_USER: Required<DataCenterUser> = {
  username: 'grace',
  password: 'emulator-password',
  displayName: 'Grace Hopper',
  email: 'grace@example.com',
  pat: 'emulator-personal-access-token',
  patExpiringAt: '2027-06-30T00:00:00.000+0000',
};

/** An OAuth app of the emulator's that users authorise (3LO), with the one callback URL it registered. */
export type OAuthApp = OAuthClient & {
  /** `redirectUris[0]`, typed as always there: what `authorizationUrl` and `completeAuthorization` take. */
  readonly redirectUri: string;
};

const CALLBACK = 'http://localhost:8976/callback';

/**
 * The scopes of the other products one consent can reach (an app asks for them beside Jira's): Service
 * Management's, Confluence's (v2 takes granular ones; v1's search a classic one) and Assets'.
 */
export const PRODUCT_SCOPES: readonly string[] = [
  'read:servicedesk-request',
  'write:servicedesk-request',
  'read:space:confluence',
  'read:page:confluence',
  'read:attachment:confluence',
  'search:confluence',
  'write:confluence-file',
  'read:cmdb-schema:jira',
];

/** The 3LO app (Cloud): its users consent on the emulator's auth server. */
export const DEFAULT_OAUTH_CLIENT: OAuthApp = {
  clientId: 'emulator-3lo-client-id',
  clientSecret: 'emulator-3lo-client-secret',
  redirectUris: [CALLBACK],
  redirectUri: CALLBACK,
  scopes: [
    'read:jira-user',
    'read:jira-work',
    'write:jira-work',
    'read:me',
    'offline_access',
    ...PRODUCT_SCOPES,
  ],
  kind: '3lo',
};

/** The service account (Cloud): client credentials, no user. */
export const DEFAULT_SERVICE_ACCOUNT: OAuthClient = {
  clientId: 'emulator-service-account-id',
  clientSecret: 'emulator-service-account-secret',
  redirectUris: [],
  scopes: ['read:jira-user', 'read:jira-work', 'write:jira-work', ...PRODUCT_SCOPES],
  kind: 'service-account',
};

/** The Data Center OAuth app: authorization code with PKCE, or client credentials. */
export const DEFAULT_DC_OAUTH_CLIENT: OAuthApp = {
  clientId: 'emulator-dc-client-id',
  clientSecret: 'emulator-dc-client-secret',
  redirectUris: [CALLBACK],
  redirectUri: CALLBACK,
  scopes: ['READ', 'WRITE'],
  kind: '3lo',
};

export const DEFAULT_AUTH_SETTINGS: AuthServerSettings = {
  accessTokenLifetime: 3600,
  refreshTokenReuseInterval: 600,
  revokeFamilyOnReuse: true,
  accessTokenGraceAfterRefresh: 600,
  omitRefreshTokenTimes: 0,
};
