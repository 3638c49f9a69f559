import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type EmulatedRequest, type EmulatedResponse, json, parseJson } from './http.js';

/** An OAuth 2.0 app registered with the emulator (developer console app, or service-account credential). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Callback URLs the app registered (3LO). */
  redirectUris: string[];
  /** Scopes the app may ask for (3LO) or was granted (service account). */
  scopes: string[];
  /** `3lo`: authorization code; `service-account`: client credentials only. */
  kind: '3lo' | 'service-account';
}

/** Tokens as jira-auth keeps them (core's `TokenSet`): what {@link AuthServer.grant} gives. */
export interface GrantedTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the access token expires, in ms since the epoch (on the emulator's clock). */
  readonly expiresAt: number;
  readonly scope: readonly string[];
  readonly tokenType: string;
}

/** How the auth server behaves where Atlassian's settings matter to clients. All times in seconds. */
export interface AuthServerSettings {
  /** @default 3600 */
  accessTokenLifetime: number;
  /**
   * A rotated refresh token still works this long after its rotation; reusing it later revokes the whole family.
   * @default 600
   * @see https://community.developer.atlassian.com/t/updated-31-january-2022-action-required-deprecating-persistent-refresh-tokens/54172
   */
  refreshTokenReuseInterval: number;
  /** Revoke every token of the family on a reuse after the interval (Atlassian, Auth0). @default true */
  revokeFamilyOnReuse: boolean;
  /** Access tokens of a refreshed pair die this long after the refresh, whatever their expiry. @default 600 */
  accessTokenGraceAfterRefresh: number;
  /** Answer the next N refreshes without `refresh_token`, as Atlassian has been seen to. @default 0 */
  omitRefreshTokenTimes: number;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scope: string[];
  accountId: string;
  expiresAt: number;
  codeChallenge?: string;
}

interface AccessToken {
  clientId: string;
  accountId: string | undefined;
  scope: string[];
  expiresAt: number;
  familyId: string | undefined;
  revokedAt: number | undefined;
}

interface RefreshToken {
  clientId: string;
  accountId: string;
  scope: string[];
  familyId: string;
  redirectUri: string;
  /** When it was exchanged for a new pair. */
  rotatedAt: number | undefined;
}

export interface TokenGrantLogEntry {
  readonly grantType: string;
  readonly clientId: string;
  readonly status: number;
}

/** A verified bearer: who it is and what it may do. */
export interface BearerIdentity {
  readonly accountId: string | undefined;
  readonly clientId: string;
  readonly scope: readonly string[];
}

/**
 * Atlassian's OAuth 2.0 authorization server (auth.atlassian.com), and Jira Data Center's own provider, as far as
 * clients can observe: codes, rotating refresh tokens with the reuse interval and family revocation, client
 * credentials, and Atlassian's error bodies.
 */
export class AuthServer {
  readonly settings: AuthServerSettings;
  readonly clients: OAuthClient[];
  /** Token endpoint calls, oldest first. */
  readonly grants: TokenGrantLogEntry[] = [];
  /** The account that consents at /authorize. */
  consentingAccountId: string;

  readonly #codes = new Map<string, CodeGrant>();
  readonly #access = new Map<string, AccessToken>();
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #revokedFamilies = new Set<string>();
  readonly #now: () => number;

  constructor(options: {
    clients: OAuthClient[];
    settings: AuthServerSettings;
    consentingAccountId: string;
    now: () => number;
  }) {
    this.clients = options.clients;
    this.settings = options.settings;
    this.consentingAccountId = options.consentingAccountId;
    this.#now = options.now;
  }

  /** `GET /authorize`: consent is granted at once; redirects back with `code` and `state`. */
  authorize(request: EmulatedRequest, options: { pkce: boolean }): EmulatedResponse {
    const query = request.query;
    const client = this.clients.find((candidate) => candidate.clientId === query.get('client_id'));
    const redirectUri = query.get('redirect_uri') ?? '';
    if (client?.kind !== '3lo') return page(400, 'Invalid client_id');
    if (!client.redirectUris.includes(redirectUri))
      return page(400, 'redirect_uri does not match a callback URL of the app');
    if (query.get('response_type') !== 'code') return page(400, 'Unsupported response_type');
    const requested = (query.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const unknown = requested.filter((scope) => !client.scopes.includes(scope));
    if (requested.length === 0 || unknown.length > 0) {
      back.searchParams.set('error', 'invalid_scope');
      back.searchParams.set(
        'error_description',
        `Scopes not added to the app: ${unknown.join(' ') || '(none requested)'}`,
      );
      return { status: 302, headers: { location: back.href } };
    }
    let codeChallenge: string | undefined;
    if (options.pkce) {
      codeChallenge = query.get('code_challenge') ?? undefined;
      if (codeChallenge && query.get('code_challenge_method') !== 'S256')
        return page(400, 'Only S256 PKCE is supported');
    }
    const code = token('code');
    this.#codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      scope: requested,
      accountId: this.consentingAccountId,
      expiresAt: this.#now() + 600_000,
      ...(codeChallenge ? { codeChallenge } : {}),
    });
    back.searchParams.set('code', code);
    return { status: 302, headers: { location: back.href } };
  }

  /**
   * `POST /oauth/token`. Cloud takes a JSON body as Atlassian documents it; a form body is accepted too
   * (UNCONFIRMED for Atlassian Cloud, documented for Data Center).
   */
  token(request: EmulatedRequest, options: { dataCenter: boolean }): EmulatedResponse {
    const params = tokenParams(request);
    const grantType = params.grant_type ?? '';
    const answer = this.#token(params, options);
    this.grants.push({ grantType, clientId: params.client_id ?? '', status: answer.status });
    return answer;
  }

  #token(params: Record<string, string | undefined>, options: { dataCenter: boolean }): EmulatedResponse {
    const client = this.clients.find((candidate) => candidate.clientId === params.client_id);
    // A wrong secret looks like a user declining consent: access_denied.
    // https://mrrefactoring.github.io/jira.js/api/functions/index.isReauthorizationRequired.html
    if (!client || client.clientSecret !== params.client_secret) {
      return json(401, { error: 'access_denied', error_description: 'Unauthorized' });
    }
    switch (params.grant_type) {
      case 'authorization_code':
        return this.#exchangeCode(client, params, options);
      case 'refresh_token':
        return this.#rotate(client, params, options);
      case 'client_credentials': {
        if (client.kind !== 'service-account' && !options.dataCenter) {
          return json(403, {
            error: 'unauthorized_client',
            error_description: 'Grant type not allowed for the client.',
          });
        }
        const requested = (params.scope ?? '').split(/\s+/).filter(Boolean);
        const scope =
          requested.length > 0 ? requested.filter((scope) => client.scopes.includes(scope)) : client.scopes;
        const access = this.#issueAccess(client.clientId, undefined, scope, undefined);
        return json(200, {
          access_token: access,
          expires_in: this.settings.accessTokenLifetime,
          token_type: 'Bearer',
          scope: scope.join(' '),
        });
      }
      default:
        return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    }
  }

  #exchangeCode(
    client: OAuthClient,
    params: Record<string, string | undefined>,
    options: { dataCenter: boolean },
  ): EmulatedResponse {
    const grant = this.#codes.get(params.code ?? '');
    if (grant) this.#codes.delete(params.code ?? '');
    if (!grant || grant.clientId !== client.clientId || grant.expiresAt < this.#now()) {
      return json(403, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
    }
    if (grant.redirectUri !== params.redirect_uri) {
      return json(403, { error: 'invalid_grant', error_description: 'Invalid redirect_uri' });
    }
    if (options.dataCenter && grant.codeChallenge) {
      const verifier = params.code_verifier ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) {
        return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
    }
    const familyId = randomUUID();
    const withRefresh = options.dataCenter || grant.scope.includes('offline_access');
    return json(
      200,
      this.#pair(client.clientId, grant.accountId, grant.scope, familyId, grant.redirectUri, withRefresh),
    );
  }

  #rotate(
    client: OAuthClient,
    params: Record<string, string | undefined>,
    options: { dataCenter: boolean },
  ): EmulatedResponse {
    const presented = params.refresh_token ?? '';
    const record = this.#refresh.get(presented);
    // Atlassian's body for every refresh failure.
    // https://github.com/microsoft/generative-ai-for-beginners/issues/342
    const invalid = () =>
      json(403, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    if (!record || record.clientId !== client.clientId || this.#revokedFamilies.has(record.familyId))
      return invalid();
    // Data Center refuses a refresh without redirect_uri, with a bare invalid_grant (3p: jira.js).
    if (options.dataCenter && params.redirect_uri !== record.redirectUri)
      return json(400, { error: 'invalid_grant' });
    const now = this.#now();
    if (
      record.rotatedAt !== undefined &&
      now - record.rotatedAt >= this.settings.refreshTokenReuseInterval * 1000
    ) {
      if (this.settings.revokeFamilyOnReuse) this.#revokeFamily(record.familyId);
      return invalid();
    }
    if (this.settings.omitRefreshTokenTimes > 0) {
      // Seen from Atlassian: a refresh answered without refresh_token. The presented one then stays the live one.
      // https://community.developer.atlassian.com/t/oauth-rotating-tokens-unknown-or-invalid-refresh-token/54555
      this.settings.omitRefreshTokenTimes -= 1;
      const access = this.#issueAccess(client.clientId, record.accountId, record.scope, record.familyId);
      return json(200, {
        access_token: access,
        expires_in: this.settings.accessTokenLifetime,
        token_type: 'Bearer',
        scope: record.scope.join(' '),
      });
    }
    record.rotatedAt ??= now;
    // The pair issued with an older refresh token dies after a grace period, whatever its expiry.
    // https://community.developer.atlassian.com/t/the-old-access-token-will-be-revoked-during-the-refresh-token-exchange/83103
    for (const access of this.#access.values()) {
      if (access.familyId === record.familyId && access.revokedAt === undefined) {
        access.revokedAt = now + this.settings.accessTokenGraceAfterRefresh * 1000;
      }
    }
    return json(
      200,
      this.#pair(client.clientId, record.accountId, record.scope, record.familyId, record.redirectUri, true),
    );
  }

  #pair(
    clientId: string,
    accountId: string,
    scope: string[],
    familyId: string,
    redirectUri: string,
    withRefresh: boolean,
  ) {
    const access = this.#issueAccess(clientId, accountId, scope, familyId);
    const body: Record<string, unknown> = {
      access_token: access,
      expires_in: this.settings.accessTokenLifetime,
      token_type: 'Bearer',
      scope: scope.join(' '),
    };
    // Cloud: a refresh token only with offline_access. https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens
    if (withRefresh) {
      const refresh = token('refresh');
      this.#refresh.set(refresh, { clientId, accountId, scope, familyId, redirectUri, rotatedAt: undefined });
      body.refresh_token = refresh;
    }
    return body as { access_token: string; refresh_token?: string };
  }

  #issueAccess(
    clientId: string,
    accountId: string | undefined,
    scope: string[],
    familyId: string | undefined,
  ): string {
    const access = token('access');
    this.#access.set(access, {
      clientId,
      accountId,
      scope,
      expiresAt: this.#now() + this.settings.accessTokenLifetime * 1000,
      familyId,
      revokedAt: undefined,
    });
    return access;
  }

  #revokeFamily(familyId: string): void {
    this.#revokedFamilies.add(familyId);
    for (const access of this.#access.values())
      if (access.familyId === familyId) access.revokedAt = this.#now();
  }

  /**
   * Consent and code exchange in one step, for tests that need tokens rather than the flow: tokens as if
   * `clientId` had been authorised for `scopes` by the consenting account, in the shape jira-auth's strategies
   * take (`oauth2({ tokens })`, a store's `set`). A refresh token comes with `offline_access` only, as on Cloud.
   */
  grant(clientId: string, scopes: readonly string[]): GrantedTokens {
    const client = this.clients.find((candidate) => candidate.clientId === clientId);
    if (!client) throw new Error(`[@jira-auth/emulator] no OAuth client ${clientId}`);
    const scope = [...scopes];
    const body = this.#pair(
      clientId,
      this.consentingAccountId,
      scope,
      randomUUID(),
      client.redirectUris[0] ?? '',
      scope.includes('offline_access'),
    );
    return {
      accessToken: body.access_token,
      ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
      expiresAt: this.#now() + this.settings.accessTokenLifetime * 1000,
      scope,
      tokenType: 'Bearer',
    };
  }

  /** Revokes every token a client holds for an account (what a password change or an app removal does). */
  revokeAll(clientId: string): void {
    for (const record of this.#refresh.values())
      if (record.clientId === clientId) this.#revokeFamily(record.familyId);
    for (const access of this.#access.values())
      if (access.clientId === clientId) access.revokedAt = this.#now();
  }

  /** The identity behind a live access token, or undefined for an unknown, expired or revoked one. */
  verify(accessToken: string): BearerIdentity | undefined {
    const record = this.#access.get(accessToken);
    const now = this.#now();
    if (!record || record.expiresAt <= now || (record.revokedAt !== undefined && record.revokedAt <= now))
      return undefined;
    return { accountId: record.accountId, clientId: record.clientId, scope: record.scope };
  }
}

/** PKCE S256 challenge, for tests that drive /authorize by hand. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function token(kind: string): string {
  return `emu-${kind}-${randomBytes(24).toString('base64url')}`;
}

function page(status: number, message: string): EmulatedResponse {
  return { status, headers: { 'content-type': 'text/html' }, body: `<h1>${message}</h1>` };
}

function tokenParams(request: EmulatedRequest): Record<string, string | undefined> {
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
  }
  const body = parseJson(request.body);
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]),
  );
}
