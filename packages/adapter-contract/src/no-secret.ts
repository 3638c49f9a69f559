import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Every way an error reaches a log. */
export function expectNoSecret(value: unknown, secrets: readonly string[]): void {
  let json = '';
  try {
    json = JSON.stringify(value) ?? '';
  } catch {
    // circular: JSON.stringify cannot print it, so it cannot leak through it either
  }
  const error = value as { message?: string; stack?: string };
  const views = {
    string: String(value),
    json,
    inspect: inspect(value, { depth: 12 }),
    // What an error reporter that walks hidden properties (or a debugger) prints.
    'inspect with hidden properties': inspect(value, { depth: 12, showHidden: true }),
    message: error?.message ?? '',
    stack: error?.stack ?? '',
  };
  for (const secret of secrets) {
    for (const [view, text] of Object.entries(views)) {
      expect(text.includes(secret), `${view} of the error contains a secret`).toBe(false);
    }
  }
}
