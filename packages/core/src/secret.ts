import { ConfigurationError } from './errors.js';

/**
 * Checks a secret option without ever putting its value into the error. `inHeader`: the value goes into an HTTP
 * header as it is (a PAT after `Bearer `), where only Latin-1 text can go: anything else is refused here, when the
 * strategy is made, rather than by the HTTP client on the first request.
 */
export function requireSecret(value: unknown, field: string, fix: string, inHeader = false): string {
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
  if (inHeader && /[^\u0020-\u007e\u00a0-\u00ff]/.test(value)) {
    throw new ConfigurationError(
      field,
      'has a character no HTTP header can carry (outside Latin-1: a typographic quote, an emoji): copy it again',
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
