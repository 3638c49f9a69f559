import { JiraAuthError } from '@jira-auth/core';
import type { JiraAuthErrorOptions } from '@jira-auth/core/types';

/**
 * Why an invocation was refused:
 * - `missing`: no `Authorization: Bearer <FIT>` header;
 * - `malformed`: not a JWT;
 * - `algorithm`: signed with another algorithm than Forge's (RS256);
 * - `unknown-key`: signed with a key Forge does not publish (its `kid` is in no JWKS, even after fetching it again);
 * - `signature`: the signature does not match (tampered);
 * - `expired`: past its `exp` (beyond the allowed clock skew), or not yet valid;
 * - `audience`: for another app;
 * - `issuer`: not issued by Forge;
 * - `claims`: a claim this needs is missing or not what Forge sends (`app.apiBaseUrl`);
 * - `keys`: Forge's keys could not be fetched;
 * - `missing-token`: the app token (`x-forge-oauth-system`) or user token (`x-forge-oauth-user`) asked for was not
 *   sent: the manifest's `endpoint.auth.appSystemToken` or `appUserToken` is not set, or the invocation has no user;
 * - `token-expired`: that token's own `exp` has passed; Forge sends a new one with the next invocation.
 */
export type ForgeInvocationReason =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'unknown-key'
  | 'signature'
  | 'expired'
  | 'audience'
  | 'issuer'
  | 'claims'
  | 'keys'
  | 'missing-token'
  | 'token-expired';

/**
 * A Forge Remote invocation that cannot be trusted or used, before any call to Jira. `reason` says why; the message
 * says what to check. Neither ever carries the FIT or a token.
 */
export class ForgeInvocationError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_FORGE_INVOCATION' as const;
  readonly reason: ForgeInvocationReason;

  constructor(reason: ForgeInvocationReason, message: string, options?: JiraAuthErrorOptions) {
    super(message, options);
    this.reason = reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}
