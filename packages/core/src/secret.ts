import { ConfigurationError } from './errors.js';

/** Checks a secret option without ever putting its value into the error. */
export function requireSecret(value: unknown, field: string, fix: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(field, `is ${value === undefined ? 'missing' : 'empty'}: ${fix}`);
  }
  // No credential holds a control character or edge white space, and no HTTP header can carry a line break.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (value !== value.trim() || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigurationError(
      field,
      'has a line break, control character or white space at an end (often copied with it): copy it again',
    );
  }
  return value;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Gives a strategy object a safe face: `util.inspect`, `JSON.stringify`, `String()` and template literals show
 * `description` and nothing else, so a logged strategy cannot leak its secret.
 */
export function withSafeDescription<T extends object>(strategy: T, description: string): T {
  const text = `[jira-auth ${description}]`;
  for (const [key, value] of [
    ['toString', () => text],
    ['toJSON', () => text],
    [INSPECT, () => text],
  ] as const) {
    Object.defineProperty(strategy, key, { value, enumerable: false });
  }
  return strategy;
}
