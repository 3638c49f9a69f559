/** What the middleware knows of one operation (Jira, Service Management or Confluence), from the spec. */
export interface OperationInfo {
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  readonly path: string;
  /** Classic OAuth scopes (`x-atlassian-oauth2-scopes` with `state: Current`): all of them are needed. */
  readonly scopes: readonly string[];
  /** Granular scopes (`state: Beta`): all of them are an alternative to the classic ones. */
  readonly granularScopes: readonly string[];
  /** `{}` in the operation's security: Jira answers it anonymously (200 even to wrong credentials). */
  readonly anonymous: boolean;
  /** Only Basic auth is listed: OAuth cannot call it. */
  readonly basicOnly: boolean;
  readonly deprecated: boolean;
  readonly experimental: boolean;
  /** Needs `X-ExperimentalApi: opt-in` (Service Management's experimental methods; 412 without it). */
  readonly optIn?: boolean;
  /** Needs `X-Atlassian-Token: no-check` (multipart uploads, avatars). */
  readonly noCheck: boolean;
}
