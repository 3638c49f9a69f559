import { type AuthStrategy, accessTokenAuth } from '@jira-auth/core';
import { createRemoteJWKSet, customFetch, decodeJwt, errors, type JWTPayload, jwtVerify } from 'jose';
import { ForgeInvocationError } from './errors.js';

/** Where Forge publishes the keys it signs invocation tokens with. */
export const FORGE_JWKS_URL = 'https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json';
/** The `iss` of every Forge Invocation Token. */
export const FORGE_ISSUER = 'forge/invocation-token';
// Forge signs FITs with RS256; nothing else is accepted (no `none`, no HMAC with a public key).
// UNCONFIRMED in Atlassian's pages: the algorithm (every public verifier pins RS256, and Forge's JWKS holds RSA keys).
const ALGORITHMS = ['RS256'];

export interface ForgeRemoteOptions {
  /** The app's id, as its manifest has it (`ari:cloud:ecosystem::app/<uuid>`): every FIT's audience. */
  appId: string;
  /** Where Forge's signing keys are. @default {@link FORGE_JWKS_URL} */
  jwksUrl?: string | URL;
  /** Seconds of clock skew allowed on `exp` and `nbf`. @default 5 */
  clockToleranceSeconds?: number;
  /** The fetch for Forge's keys (and the strategies' own requests). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default Date.now */
  now?: () => number;
}

/** An incoming request's headers: a fetch `Request` (workerd, Hono, Deno, Bun) or a Node `IncomingMessage`. */
export type IncomingHeaders =
  | { readonly headers: Headers }
  | { readonly headers: Readonly<Record<string, string | readonly string[] | undefined>> };

/** What a FIT says of the invocation: its standard claims, and Forge's (`app`, `context`, `principal`). */
export interface ForgeInvocationClaims extends JWTPayload {
  readonly app: {
    readonly id: string;
    /** Where calls to the Atlassian app's APIs go for this installation. */
    readonly apiBaseUrl: string;
    readonly installationId?: string;
    readonly version?: string;
    readonly environment?: { readonly type?: string; readonly id?: string };
    readonly module?: { readonly type?: string; readonly key?: string };
    readonly [claim: string]: unknown;
  };
  readonly context?: Readonly<Record<string, unknown>>;
  /** The account of the user the invocation is for, when there is one. */
  readonly principal?: string;
}

/** A verified invocation: what it says, and strategies for the tokens Forge sent with it. */
export interface ForgeInvocation {
  readonly claims: ForgeInvocationClaims;
  /** The FIT's `app.apiBaseUrl`: the base of every strategy this invocation gives. */
  readonly apiBaseUrl: string;
  /** Calls as the app (the app system token, `x-forge-oauth-system`). */
  asApp(): AuthStrategy;
  /** Calls as the user the invocation is for (the app user token, `x-forge-oauth-user`). */
  asUser(): AuthStrategy;
}

export interface ForgeRemote {
  /**
   * Verifies an incoming request's FIT and reads the tokens beside it. Rejects with a
   * {@link ForgeInvocationError} when it cannot be trusted, before any call to Jira.
   */
  verify(request: IncomingHeaders): Promise<ForgeInvocation>;
}

/**
 * The verifier for one app's remote backend: keep one per process. Forge's keys are fetched on the first
 * invocation and kept; a FIT signed with a key not among them makes it fetch them again once (key rotation),
 * at most every 30 seconds.
 *
 * @example
 * const forge = forgeRemote({ appId: 'ari:cloud:ecosystem::app/406d303d-0393-4ec4-ad7c-1435be94583a' });
 * const invocation = await forge.verify(request);
 * const jira = jiraFetch(invocation.asUser());
 * const me = await (await jira('/rest/api/3/myself')).json();
 */
export function forgeRemote(options: ForgeRemoteOptions): ForgeRemote {
  if (typeof options?.appId !== 'string' || options.appId.trim() === '')
    throw new TypeError(
      "[@jira-auth/forge-remote] appId is missing: pass the app's id from manifest.yml (ari:cloud:ecosystem::app/...)",
    );
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const keys = createRemoteJWKSet(new URL(options.jwksUrl ?? FORGE_JWKS_URL), {
    [customFetch]: (url: string, init: RequestInit) => fetchImpl(url, init),
  });
  const tolerance = options.clockToleranceSeconds ?? 5;

  return {
    async verify(request) {
      const fit = bearerOf(header(request, 'authorization'));
      let claims: ForgeInvocationClaims;
      try {
        const { payload } = await jwtVerify(fit, keys, {
          issuer: FORGE_ISSUER,
          audience: options.appId,
          algorithms: ALGORITHMS,
          clockTolerance: tolerance,
          currentDate: new Date(now()),
        });
        claims = payload as ForgeInvocationClaims;
      } catch (error) {
        throw refusal(error);
      }
      const apiBaseUrl = claims.app?.apiBaseUrl;
      if (typeof apiBaseUrl !== 'string' || !URL.canParse(apiBaseUrl))
        throw new ForgeInvocationError(
          'claims',
          'The Forge Invocation Token has no app.apiBaseUrl: it is not an invocation of a Forge Remote endpoint',
        );
      const system = header(request, 'x-forge-oauth-system');
      const user = header(request, 'x-forge-oauth-user');
      const strategy = (token: string | undefined, which: 'app' | 'user') => {
        if (!token)
          throw new ForgeInvocationError(
            'missing-token',
            which === 'app'
              ? 'Forge sent no app token (x-forge-oauth-system): set endpoint.auth.appSystemToken to true in manifest.yml'
              : 'Forge sent no user token (x-forge-oauth-user): set endpoint.auth.appUserToken to true in manifest.yml, for an invocation made by a user',
          );
        return tokenStrategy(token, which, apiBaseUrl, fetchImpl, now);
      };
      return {
        claims,
        apiBaseUrl,
        asApp: () => strategy(system, 'app'),
        asUser: () => strategy(user, 'user'),
      };
    },
  };
}

/** A header of a fetch Request or a Node IncomingMessage (first value). */
function header(request: IncomingHeaders, name: string): string | undefined {
  const { headers } = request;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | readonly string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

function bearerOf(authorization: string | undefined): string {
  const fit = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!fit)
    throw new ForgeInvocationError(
      'missing',
      'The request has no Forge Invocation Token (Authorization: Bearer <FIT>): it does not come from Forge',
    );
  return fit;
}

/** The typed reason for what jose refused; its message names the check, never the token. */
function refusal(error: unknown): ForgeInvocationError {
  const refuse = (reason: ConstructorParameters<typeof ForgeInvocationError>[0], message: string) =>
    new ForgeInvocationError(reason, message);
  if (error instanceof errors.JWTExpired)
    return refuse(
      'expired',
      'The Forge Invocation Token has expired: Forge sends a fresh one with each invocation',
    );
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return refuse(
        'audience',
        'The Forge Invocation Token is for another app: check appId against manifest.yml',
      );
    if (error.claim === 'iss')
      return refuse('issuer', `The token was not issued by Forge (its iss is not ${FORGE_ISSUER})`);
    if (error.claim === 'nbf')
      return refuse('expired', 'The Forge Invocation Token is not valid yet: check the server clock');
    return refuse('claims', `The Forge Invocation Token's ${error.claim} claim is not valid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return refuse('algorithm', 'The Forge Invocation Token is not signed with RS256, as Forge signs it');
  if (error instanceof errors.JWKSNoMatchingKey)
    return refuse(
      'unknown-key',
      "The Forge Invocation Token is signed with a key that is not among Forge's keys",
    );
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return refuse('signature', "The Forge Invocation Token's signature does not match: it was altered");
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error instanceof TypeError
  )
    return refuse(
      'keys',
      "Forge's signing keys could not be fetched: check the network to forge.cdn.prod.atlassian-dev.net",
    );
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return refuse('malformed', 'The Forge Invocation Token is not a signed JWT');
  return refuse(
    'keys',
    "The Forge Invocation Token could not be verified: Forge's keys did not answer as expected",
  );
}

/**
 * A strategy for one of Forge's tokens: a Bearer token for the FIT's apiBaseUrl, usable until its own `exp`. Forge
 * renews it with the next invocation; it cannot be renewed here.
 */
function tokenStrategy(
  token: string,
  which: 'app' | 'user',
  apiBaseUrl: string,
  fetchImpl: typeof fetch,
  now: () => number,
): AuthStrategy {
  let exp: number | undefined;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    // An opaque token: used until Jira refuses it.
  }
  const expiresAt = typeof exp === 'number' ? exp * 1000 : undefined;
  const expired = () =>
    new ForgeInvocationError(
      'token-expired',
      `Forge's ${which} token has expired: use the one the next invocation brings`,
    );
  if (expiresAt !== undefined && now() >= expiresAt) throw expired();
  return accessTokenAuth({
    baseUrl: apiBaseUrl,
    fetch: fetchImpl,
    now,
    refreshSkew: 0,
    getToken: () => {
      if (expiresAt !== undefined && now() >= expiresAt) throw expired();
      return { accessToken: token, ...(expiresAt === undefined ? {} : { expiresAt }) };
    },
  });
}
