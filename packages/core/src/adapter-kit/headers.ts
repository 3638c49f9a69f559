/**
 * A `Headers` from a client's own header record (axios `AxiosHeaders`, got's plain object): array values joined,
 * empty ones dropped.
 */
export function toHeaders(record: unknown): Headers {
  const source = (record ?? {}) as Record<string, unknown> & { toJSON?: () => Record<string, unknown> };
  const plain = typeof source.toJSON === 'function' ? source.toJSON() : source;
  const headers = new Headers();
  for (const [name, value] of Object.entries(plain)) {
    if (value === undefined || value === null || value === false) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return headers;
}

/** A header's value from a `Headers` or a plain record, whatever the case of its name. */
export function headerValue(headers: Headers | Record<string, unknown> | undefined, name: string): unknown {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * The one request header the kit reads before sending (the content type, to tell uploads apart), as `Headers`:
 * cheaper on every request than converting a client's whole header record.
 */
export function contentTypeHeaders(type: unknown): Headers | undefined {
  return typeof type === 'string' ? new Headers({ 'content-type': type }) : undefined;
}
