// The exit codes scripts tell apart, and which failure ends in which.
import {
  CredentialRejectedError,
  isJiraAuthError,
  RefreshFailedError,
  TokenStoreError,
} from '@jira-auth/core';
import { ConfigError } from './config.js';
import { EXIT } from './failure.js';

export { EXIT, Failure } from './failure.js';

interface Outcome {
  readonly message: string;
  readonly exitCode: number;
}

/**
 * Each kind of failure, in the order they are tested: the first that matches gives the message and the code.
 * (`Failure` from the commands carries its own code, and is handled before this table.)
 */
const TABLE: readonly [test: (error: unknown) => boolean, exitCode: number, advice?: string][] = [
  [(error) => error instanceof ConfigError, EXIT.notConfigured],
  [(error) => TokenStoreError.isInstance(error), EXIT.notConfigured],
  [
    (error) =>
      CredentialRejectedError.isInstance(error) ||
      (RefreshFailedError.isInstance(error) && error.reauthorize),
    EXIT.rejected,
    ' (run `jira-auth login` again)',
  ],
  [(error) => isJiraAuthError(error), EXIT.failed],
];

/** What the command prints for a failure, and its exit code. */
export function outcomeOf(error: unknown): Outcome {
  const { exitCode } = error as { exitCode?: unknown };
  if (typeof exitCode === 'number') return { message: (error as Error).message, exitCode };
  for (const [test, code, advice = ''] of TABLE)
    if (test(error)) return { message: `${(error as Error).message}${advice}`, exitCode: code };
  if (error instanceof TypeError && /fetch failed/.test(error.message)) {
    const cause = (error.cause as Error | undefined)?.message ?? error.message;
    return { message: `could not reach Jira (${String(cause)})`, exitCode: EXIT.unreachable };
  }
  return { message: (error as Error).message, exitCode: EXIT.failed };
}
