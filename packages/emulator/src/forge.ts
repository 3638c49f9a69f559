import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';

// Forge, as a Forge Remote backend meets it: Forge signs a Forge Invocation Token (FIT) for each call to the remote,
// publishes its public keys as a JWKS, and sends the app's system and user tokens beside the FIT.
// https://developer.atlassian.com/platform/forge/remote/essentials/
// https://developer.atlassian.com/platform/forge/remote/calling-product-apis/

/** The `iss` of every FIT. */
export const FORGE_ISSUER = 'forge/invocation-token';

/** Scopes a Forge app's manifest declares; its tokens carry them. */
export const FORGE_APP_SCOPES: readonly string[] = ['read:jira-user', 'read:jira-work', 'write:jira-work'];

export interface ForgeInvocationOptions {
  /** Send the app system token (`x-forge-oauth-system`), as `endpoint.auth.appSystemToken: true` does. @default true */
  appSystemToken?: boolean;
  /** Send the user token (`x-forge-oauth-user`), as `endpoint.auth.appUserToken: true` does. @default true */
  appUserToken?: boolean;
  /** The account the invocation is for (`principal`). @default the emulator's first Cloud user */
  accountId?: string;
  /**
   * Seconds the FIT is valid for. UNCONFIRMED: Atlassian's pages do not state a FIT's lifetime; a few minutes here.
   * @default 300
   */
  expiresIn?: number;
  /** Seconds the system and user tokens are valid for (their JWT `exp`). @default 900 */
  tokenExpiresIn?: number;
  /** The FIT's `aud`: another app's id plays a FIT for another app. @default the emulator's app id */
  audience?: string;
  /** `unpublished`: sign with a key that is in no JWKS, as a forger would. @default 'current' */
  signWith?: 'current' | 'unpublished';
}

/** What Forge tokens the emulated gateway accepts, and for whom. */
export interface ForgeTokenIdentity {
  readonly kind: 'app' | 'user';
  /** The user's account id; for the app, its bot account. */
  readonly accountId: string;
  readonly scope: readonly string[];
}

/** What Forge knows of the emulator it is part of. */
export interface ForgeContext {
  now(): number;
  readonly cloudId: string;
  /** The FIT's `app.apiBaseUrl`: the gateway base for the site. */
  apiBaseUrl(): string;
  /** The account an invocation is for when none is named. */
  defaultAccountId(): string;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: Record<string, unknown>;
}

/**
 * The emulator's Forge: one app installed on the emulated site. Its FITs say `app.apiBaseUrl` is the emulator's
 * gateway for the site (`/ex/jira/{cloudId}`), where the tokens it mints are accepted until their `exp`.
 */
export class ForgeEmulation {
  /** The app's id, every FIT's audience (`ari:cloud:ecosystem::app/<uuid>`). */
  readonly appId = `ari:cloud:ecosystem::app/${randomUUID()}`;
  readonly installationId = `ari:cloud:ecosystem::installation/${randomUUID()}`;
  /** The account id Jira shows for the app when it calls with its system token. */
  readonly botAccountId = `557058:${randomUUID()}`;
  readonly #keys: SigningKey[] = [];
  readonly #tokens = new Map<string, ForgeTokenIdentity & { expiresAt: number }>();
  readonly #context: ForgeContext;

  constructor(context: ForgeContext) {
    this.#context = context;
  }

  /** The JWKS Forge publishes: every key it signs with, the retired ones too until they are dropped. */
  jwks(): { keys: Record<string, unknown>[] } {
    if (this.#keys.length === 0) this.rotateKey();
    return { keys: this.#keys.map((key) => key.jwk) };
  }

  /**
   * Forge starts signing with a new key, published beside the old ones (FITs signed before stay valid). A verifier
   * that cached the JWKS meets an unknown `kid` and fetches the keys again.
   */
  rotateKey(): void {
    this.#keys.push(newKey());
  }

  /**
   * The headers of one invocation of a remote: `authorization: Bearer <FIT>`, and the app's system and user tokens
   * (`x-forge-oauth-system`, `x-forge-oauth-user`) as the manifest asks for them.
   */
  invocation(options: ForgeInvocationOptions = {}): Record<string, string> {
    const now = Math.floor(this.#context.now() / 1000);
    const accountId = options.accountId ?? this.#context.defaultAccountId();
    const fit = {
      iss: FORGE_ISSUER,
      aud: options.audience ?? this.appId,
      iat: now,
      nbf: now,
      exp: now + (options.expiresIn ?? 300),
      jti: randomUUID(),
      app: {
        id: this.appId,
        version: '1',
        installationId: this.installationId,
        apiBaseUrl: this.#context.apiBaseUrl(),
        environment: { type: 'DEVELOPMENT', id: 'emulated-environment' },
        module: { type: 'core:endpoint', key: 'remote-backend' },
      },
      context: { cloudId: this.#context.cloudId, moduleKey: 'remote-backend' },
      principal: accountId,
    };
    const key = options.signWith === 'unpublished' ? newKey() : this.#current();
    const headers: Record<string, string> = { authorization: `Bearer ${jwt(fit, key)}` };
    const tokenExp = now + (options.tokenExpiresIn ?? 900);
    if (options.appSystemToken !== false)
      headers['x-forge-oauth-system'] = this.#mint('app', this.botAccountId, tokenExp);
    if (options.appUserToken !== false)
      headers['x-forge-oauth-user'] = this.#mint('user', accountId, tokenExp);
    return headers;
  }

  /** The app's system or user token's identity, while it is valid; undefined for anything else. */
  verifyToken(token: string): ForgeTokenIdentity | undefined {
    const record = this.#tokens.get(token);
    if (!record || record.expiresAt <= this.#context.now()) return undefined;
    return { kind: record.kind, accountId: record.accountId, scope: record.scope };
  }

  #current(): SigningKey {
    if (this.#keys.length === 0) this.rotateKey();
    return this.#keys[this.#keys.length - 1] as SigningKey;
  }

  #mint(kind: 'app' | 'user', accountId: string, exp: number): string {
    // UNCONFIRMED: the claims inside Forge's app tokens beyond `exp`; a remote only reads `exp` from them.
    const token = jwt(
      { iss: 'forge/app-token', sub: accountId, aud: 'api.atlassian.com', exp, jti: randomUUID() },
      this.#current(),
    );
    this.#tokens.set(token, { kind, accountId, scope: FORGE_APP_SCOPES, expiresAt: exp * 1000 });
    return token;
  }
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

/** A compact RS256 JWS of the claims. */
function jwt(claims: Record<string, unknown>, key: SigningKey): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}
