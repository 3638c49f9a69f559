import { ConfigurationError } from './errors.js';

/** Checks a secret option without ever putting its value into the error. */
export function requireSecret(value: unknown, field: string, fix: string): string {
  if (typeof value !== 'string') {
    throw new ConfigurationError(field, `is missing: ${fix}`);
  }
  if (value.trim() === '') {
    throw new ConfigurationError(field, `is empty or only white space: ${fix}`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value.trim())) {
    throw new ConfigurationError(
      field,
      `contains a control character (a line break, tab, NUL or similar), which no credential has and no HTTP header can carry: copy it again and try again`,
    );
  }
  if (value !== value.trim()) {
    throw new ConfigurationError(
      field,
      `has white space at its start or end (often a copied newline): remove it and try again`,
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
