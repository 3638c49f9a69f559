// What `jira-auth login` is given, and the scopes each OAuth login asks for unless told otherwise.
import { type NetworkFiles, networkFromEnv, withoutEmpty } from '../../network.js';

/** The scopes asked for when `--scopes` is not given: Cloud's for the 3LO login, Data Center's for its OAuth. */
export const DEFAULT_SCOPES = {
  cloud: ['read:jira-user', 'read:jira-work', 'write:jira-work'],
  dataCenter: ['READ', 'WRITE'],
} as const;

export interface LoginOptions {
  apiToken?: boolean;
  dataCenter?: boolean;
  site?: string;
  email?: string;
  /** `--expires YYYY-MM-DD`: the API token's expiry date. */
  expires?: string;
  baseUrl?: string;
  clientId?: string;
  /** As given on the command line; undefined for the method's defaults. */
  scopes?: string;
  port: string;
  browser: boolean;
  /** `--paste`/`--no-paste`: take the callback URL pasted on standard input; undefined: when headless. */
  paste?: boolean;
  timeout: string;
  profile: string;
  /** `--token-command`: a command that prints the secret each time it is needed; nothing is stored. */
  tokenCommand?: string;
  /** `--ca-file`, `--cert`, `--key`: TLS files, kept in the profile by path. */
  caFile?: string;
  cert?: string;
  key?: string;
}

/** The TLS files this login uses and its profile keeps: the options, else the environment's. */
export const loginNetwork = (options: LoginOptions): NetworkFiles => ({
  ...networkFromEnv(),
  ...withoutEmpty({ caFile: options.caFile, certFile: options.cert, keyFile: options.key }),
});

/** `--scopes`, split, or the method's defaults. */
export const scopesOf = (options: LoginOptions, defaults: readonly string[]): string[] =>
  options.scopes === undefined ? [...defaults] : options.scopes.split(/[\s,]+/).filter(Boolean);
