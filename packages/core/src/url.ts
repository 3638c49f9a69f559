import { ConfigurationError } from './errors.js';

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOST.test(url.hostname);
}

function parseUrl(value: string | URL, field: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(field, `${value ? 'is not a URL' : 'is empty'}: use e.g. ${example}`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(field, 'must not hold a user or password: pass credentials as options');
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(field, `must not have a query or fragment: use e.g. ${example}`);
  }
  // http:// only to this machine: anywhere else, credentials would cross the network in clear text.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new ConfigurationError(field, 'must be an https:// URL (http:// only for localhost)');
  }
  return url;
}

/** A site or host URL: scheme, host and port only. */
export function parseOrigin(
  value: string | URL,
  field: string,
  example = 'https://your-site.atlassian.net',
): URL {
  const url = parseUrl(value, field, example);
  if (url.pathname !== '/') {
    // A path on a host that is not an Atlassian Cloud site is most likely a Data Center context path: dropping it,
    // as the first half of the message says, would only give a 404. (URL has the host name in lower case.)
    const dataCenter = /\.atlassian\.net$/.test(url.hostname)
      ? ''
      : `, or for Data Center the base URL ${url.href}`;
    throw new ConfigurationError(
      field,
      `must be the site alone, without a path: use e.g. ${example}${dataCenter}`,
    );
  }
  return new URL(url.origin);
}

/** A base URL that may carry a context path, e.g. `https://jira.example.com/jira`. Kept without a trailing slash. */
export function parseBaseUrl(
  value: string | URL,
  field: string,
  example = 'https://jira.example.com/jira',
): URL {
  const url = parseUrl(value, field, example);
  if (/\/rest(\/|$)/.test(url.pathname)) {
    throw new ConfigurationError(field, `must stop before /rest: use e.g. ${example}`);
  }
  return new URL(url.origin + url.pathname.replace(/\/+$/, ''));
}

/**
 * Joins a base URL and a request path the way HTTP clients do with a base URL: `base + '/' + path`, keeping the
 * base's own path (`/ex/jira/{cloudId}`, a context path). Absolute URLs are returned as they are.
 */
export function joinUrl(base: URL | string, path: string): URL {
  if (isAbsoluteUrl(path)) return new URL(path);
  const root = String(base).replace(/\/+$/, '');
  return new URL(path === '' ? root : `${root}/${path.replace(/^\/+/, '')}`);
}

/** `https://…`, `http://…` or any other `scheme://`: a URL that no base URL applies to. */
export function isAbsoluteUrl(url: string): boolean {
  return /^[a-z][a-z\d+\-.]*:\/\//i.test(url);
}
