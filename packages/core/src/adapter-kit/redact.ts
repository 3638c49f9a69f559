/** What replaces a credential in anything an adapter hands back to the application (errors, configs). */
export const REDACTED = '[REDACTED]';

/**
 * Shorter values are not searched for: replacing every `"Basic"` or two-letter string in an error would garble it,
 * and no credential header value is that short.
 */
const MIN_SECRET_LENGTH = 8;

/** The values of credential headers worth scrubbing from errors: every one long enough to be a secret. */
export function secretsOf(headers: Readonly<Record<string, string>>): string[] {
  return Object.values(headers).filter((value) => value.length >= MIN_SECRET_LENGTH);
}

const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie)$/i;

/** Replaces credential headers in a plain header object, in place. */
export function redactHeaderRecord(headers: Record<string, unknown> | undefined): void {
  if (!headers) return;
  for (const key of Object.keys(headers)) if (SECRET_HEADERS.test(key)) headers[key] = REDACTED;
}

/**
 * Replaces every string that contains one of `secrets` (the header values an adapter sent) with {@link REDACTED},
 * throughout an error's own data properties: HTTP clients copy request headers into their errors (configs, raw
 * request heads, redirect options), where loggers and `util.inspect` find them.
 */
export function scrubSecrets(root: unknown, secrets: readonly string[], maxDepth = 8): void {
  const needles = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  if (needles.length === 0) return;
  const seen = new WeakSet<object>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > maxDepth || seen.has(value)) return;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor || !('value' in descriptor)) continue;
      const item: unknown = descriptor.value;
      if (typeof item === 'string') {
        if (descriptor.writable && needles.some((needle) => item.includes(needle))) {
          let clean = item;
          for (const needle of needles) clean = clean.split(needle).join(REDACTED);
          try {
            (value as Record<PropertyKey, unknown>)[key] = clean;
          } catch {
            // a frozen object: nothing to do
          }
        }
      } else {
        visit(item, depth + 1);
      }
    }
  };
  visit(root, 0);
}

/**
 * Keeps a property reachable but out of `util.inspect`, `JSON.stringify` and loggers: a `request` on a client's
 * error holds sockets, agents or a `Request` whose headers print.
 */
export function hideProperty(holder: object | undefined, key: PropertyKey): void {
  if (!holder || !Object.hasOwn(holder, key)) return;
  Object.defineProperty(holder, key, {
    value: (holder as Record<PropertyKey, unknown>)[key],
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/**
 * Attaches jira-auth's reason to the client's own error as `cause` (not enumerable, so logs stay as the client
 * prints them), where `jiraAuthErrorOf` finds it.
 */
export function attachReason(error: object, reason: Error): void {
  Object.defineProperty(error, 'cause', {
    value: reason,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/**
 * Blanks the named headers on a `Request` that a client's error holds: its headers live in internals that
 * {@link scrubSecrets} cannot reach, and the live credential would stay one `error.request.headers.get()` away.
 */
export function redactRequest(request: Request | undefined, names: readonly string[]): void {
  for (const name of names) if (request?.headers.has(name)) request.headers.set(name, REDACTED);
}
