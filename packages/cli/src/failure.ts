// A failure with its exit code: what every command throws, and what exit-codes.ts turns into a message and a code.
// It imports nothing, so that every module may use it.

/** A failure the command reports as it is, with the exit code scripts tell it apart by. */
export class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failed: 1, notConfigured: 2, rejected: 3, unreachable: 4, drift: 5 } as const;
