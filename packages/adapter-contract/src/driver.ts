import type { AuthStrategy } from '@jira-auth/core';

/** One request, in terms every HTTP client has. */
export interface DriverRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path (resolved against the client's base URL, or the strategy's when the client has none) or an absolute URL. */
  url: string;
  /** A JSON body. */
  json?: unknown;
  /** A multipart body. */
  form?: FormData;
  headers?: Record<string, string>;
}

/** What came back: the response, or the client's own error for a failed one (with the response it carried). */
export interface DriverResponse {
  status: number;
  headers: Headers;
  body: unknown;
  /** The error the client threw, when it threw one. */
  error?: unknown;
}

export interface DriverClient {
  send(request: DriverRequest): Promise<DriverResponse>;
}

/**
 * How the conformance suite drives one adapter. A driver only translates; the behaviour under test is the
 * adapter's. Clients are made with their own retries off, so request counts in the emulator's log are exact.
 */
export interface AdapterDriver {
  /** e.g. `axios 1.21.1` */
  readonly name: string;
  /**
   * The adapter knows each operation's scopes (openapi-fetch, from Jira's spec) and fails a call the OAuth token
   * lacks scopes for before sending it; the others learn it from Jira's 401.
   */
  readonly checksScopesBeforeSending?: boolean;
  /** A client with the adapter installed. `baseUrl` set: the client's own base URL option; unset: none. */
  createClient(options: { strategy: AuthStrategy; baseUrl?: string }): DriverClient;
}
