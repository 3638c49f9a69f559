const MARKER = Symbol.for('@jira-auth/core/error');

/** Stable codes: match on these, never on messages. */
export type JiraAuthErrorCode =
  | 'JIRA_AUTH_CONFIGURATION'
  | 'JIRA_AUTH_CREDENTIAL_REJECTED'
  | 'JIRA_AUTH_SCOPE_MISSING'
  | 'JIRA_AUTH_CAPTCHA_REQUIRED'
  | 'JIRA_AUTH_BASIC_AUTH_DISABLED'
  | 'JIRA_AUTH_REFRESH_FAILED'
  | 'JIRA_AUTH_TENANT_LOOKUP_FAILED'
  | 'JIRA_AUTH_BODY_NOT_REPLAYABLE'
  | 'JIRA_AUTH_AUTHORIZATION_FAILED'
  | 'JIRA_AUTH_TOKEN_STORE'
  | 'JIRA_AUTH_LOCK_TIMEOUT'
  | 'JIRA_AUTH_TOKEN_RESPONSE'
  | 'JIRA_AUTH_SITE_LOOKUP'
  | 'JIRA_AUTH_QUOTA_EXHAUSTED'
  | 'JIRA_AUTH_FORGE_INVOCATION';

/** What an error keeps of the HTTP answer that caused it. Kept non-enumerable: it never reaches a log by accident. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Headers;
}

export interface JiraAuthErrorOptions {
  cause?: unknown;
  response?: ErrorResponse;
}

const PREFIX = '[@jira-auth/core] ';

/**
 * The base of every error jira-auth throws. `code` is stable; messages say what to do and never carry a secret.
 *
 * `instanceof` and {@link JiraAuthError.isInstance} work across two installed copies of this package.
 */
export class JiraAuthError extends Error {
  /** The code of this class; subclasses override it. */
  static readonly code: JiraAuthErrorCode | undefined = undefined;

  readonly code: JiraAuthErrorCode;
  declare readonly response?: ErrorResponse;

  /** The code comes from the class (its static `code`): each class states it once. */
  constructor(message: string, options: JiraAuthErrorOptions = {}) {
    super(message.startsWith(PREFIX) ? message : PREFIX + message, { cause: options.cause });
    const code = (new.target as { readonly code?: JiraAuthErrorCode }).code;
    if (code === undefined) throw new TypeError('JiraAuthError is abstract: throw one of its subclasses');
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, MARKER, { value: true });
    if (options.response) {
      Object.defineProperty(this, 'response', { value: options.response, enumerable: false });
    }
  }

  /** True for a jira-auth error of this class (by code), from any copy of the package. */
  // `this` is the subclass the check is called on (biome's noThisInStatic is off for this file).
  static isInstance<T extends JiraAuthError>(
    this: (abstract new (...args: never[]) => T) & { readonly code: JiraAuthErrorCode | undefined },
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null || !(MARKER in value)) return false;
    return this.code === undefined || (value as unknown as JiraAuthError).code === this.code;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (this as typeof JiraAuthError).isInstance(value);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** Options that cannot work: names the field and the fix. Thrown when a strategy is made, before any request. */
export class ConfigurationError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_CONFIGURATION' as const;
  /** The option or environment variable that is wrong. */
  readonly field: string;
  /**
   * What is wrong with it and how to fix it, without its name (`is not a URL: set it to ...`): the message is
   * `field problem`, so the same problem can be told of another name (`fromEnv` names the environment variable).
   */
  readonly problem: string;

  constructor(field: string, problem: string, options?: JiraAuthErrorOptions) {
    super(`${field} ${problem}`, options);
    this.field = field;
    this.problem = problem;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** Jira answered 401 to the credential and a retry cannot help. */
export class CredentialRejectedError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_CREDENTIAL_REJECTED' as const;
}

/** The credential is valid but lacks a scope the request needs. Refreshing cannot fix this; re-consent with the scope can. */
export class ScopeMissingError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_SCOPE_MISSING' as const;
  /** The scopes known to be missing, when known. */
  readonly scopes: readonly string[];

  constructor(message: string, options: JiraAuthErrorOptions & { scopes?: readonly string[] } = {}) {
    super(message, options);
    this.scopes = options.scopes ?? [];
  }
}

/**
 * Jira Data Center demands a CAPTCHA after repeated failed Basic logins and blocks the REST API until a person
 * logs in through the browser (or an admin resets the count). Never retried.
 * @see https://confluence.atlassian.com/jakb/connector-captcha_challenge-error-on-jira-align-connector-1318881453.html
 */
export class CaptchaRequiredError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_CAPTCHA_REQUIRED' as const;
  /** Where a person can log in to clear the CAPTCHA, when Jira says. */
  readonly loginUrl: string | undefined;

  constructor(message: string, options: JiraAuthErrorOptions & { loginUrl?: string } = {}) {
    super(message, options);
    this.loginUrl = options.loginUrl;
  }
}

/**
 * Jira Data Center with Basic authentication disabled for REST calls (the SSO for Atlassian Data Center app, Jira
 * 8.16+) answers 403 `{"message":"Basic Authentication has been disabled on this instance."}` to a password or any
 * Basic credential outside its allowlist. Never retried: use a personal access token (`bearerAuth`), or ask an
 * admin to allowlist the user or the paths (`/rest/basicauth/1.0/config`).
 * @see https://confluence.atlassian.com/enterprise/creating-an-allowlist-when-basic-authentication-is-disabled-1044106574.html
 */
export class BasicAuthDisabledError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_BASIC_AUTH_DISABLED' as const;
}

/** A token could not be refreshed. When `reauthorize` is true the user must go through consent again. */
export class RefreshFailedError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_REFRESH_FAILED' as const;
  readonly reauthorize: boolean;

  constructor(message: string, options: JiraAuthErrorOptions & { reauthorize?: boolean } = {}) {
    super(message, options);
    this.reauthorize = options.reauthorize ?? false;
  }
}

/** The site's cloudId could not be found (needed for the api.atlassian.com gateway). */
export class TenantLookupError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_TENANT_LOOKUP_FAILED' as const;
}

/** A 401 could be retried, but the request body was a one-shot stream that has already been sent. */
export class BodyNotReplayableError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_BODY_NOT_REPLAYABLE' as const;
}

/** Type guard for any jira-auth error, from any copy of the package. */
export function isJiraAuthError(value: unknown): value is JiraAuthError {
  return JiraAuthError.isInstance(value);
}

/** The OAuth authorization step failed: state mismatch, consent declined, a code that could not be exchanged. */
export class AuthorizationError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_AUTHORIZATION_FAILED' as const;
  /** The OAuth `error` value, when the server sent one (e.g. `access_denied`, `invalid_grant`). */
  readonly oauthError: string | undefined;

  constructor(message: string, options: JiraAuthErrorOptions & { oauthError?: string } = {}) {
    super(message, options);
    this.oauthError = options.oauthError;
  }
}

/** A token store could not read or write: a corrupt file, a failed save of a rotated pair. */
export class TokenStoreError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_TOKEN_STORE' as const;
  /**
   * True when a store refused a write made under its lock because the lock had expired and another holder wrote a
   * newer token set since (fencing). Nothing is lost: the newer set is in the store, and the token source takes it.
   */
  readonly superseded: boolean;

  constructor(message: string, options: JiraAuthErrorOptions & { superseded?: boolean } = {}) {
    super(message, options);
    this.superseded = options.superseded ?? false;
  }
}

/**
 * A token store's refresh lock stayed held by another holder for longer than the store waits (its wait timeout):
 * that holder is slow, stuck, or died holding a lock that has not expired yet. Nothing was renewed or saved; the next
 * request tries again. `lock` names the lock (the store key, or the lock file).
 */
export class LockTimeoutError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_LOCK_TIMEOUT' as const;
  /** The lock waited for: the store key, or the lock file's path. */
  readonly lock: string;
  /** How long this caller waited before giving up. */
  readonly waitedMs: number;

  constructor(message: string, options: JiraAuthErrorOptions & { lock: string; waitedMs: number }) {
    super(message, options);
    this.lock = options.lock;
    this.waitedMs = options.waitedMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), lock: this.lock, waitedMs: this.waitedMs };
  }
}

/**
 * A rate limiter with `failFast` holds every request until the app's points quota resets: this one was not sent.
 * `until` is when the quota resets (from the 429's `Retry-After`, or its reset header).
 */
export class QuotaExhaustedError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_QUOTA_EXHAUSTED' as const;
  readonly until: Date;

  constructor(message: string, options: JiraAuthErrorOptions & { until: Date }) {
    super(message, options);
    this.until = options.until;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), until: this.until.toISOString() };
  }
}

/**
 * A token endpoint answered success with a token response that cannot be used: a field missing, of the wrong type
 * or out of range. `field` names it (`access_token`, `expires_in`, ...; `body` for the whole answer); its value is
 * never included. `field` is `redirect` when the endpoint answered with a redirect, which token requests never
 * follow (the client secret would go with them); the message names the origin it pointed to. Nothing is saved: the
 * stored tokens stay as they were.
 */
export class TokenResponseError extends JiraAuthError {
  static override readonly code = 'JIRA_AUTH_TOKEN_RESPONSE' as const;
  readonly field: string;

  constructor(field: string, message: string, options?: JiraAuthErrorOptions) {
    super(message, options);
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** The jira-auth reason attached to a client's error (as `cause`, at any depth), if any. */
export function jiraAuthErrorOf(error: unknown): JiraAuthError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    if (JiraAuthError.isInstance(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
