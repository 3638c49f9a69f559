import type { DataCenterUser } from '../defaults.js';
import { type EmulatedRequest, type EmulatedResponse, json, parseBasic, parseBearer } from '../http.js';
import { type Caller, jiraRest } from '../jira-rest.js';
import type { HostContext } from './context.js';

/** Whether Basic authentication is refused for this user and path (disabled, and neither is on the allowlist). */
function basicBlocked(host: HostContext, user: string, path: string): boolean {
  const { blockRequests, allowedUsers, allowedPaths } = host.basicAuth;
  if (!blockRequests) return false;
  const matches = (pattern: string, value: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(value);
  return (
    !allowedUsers.some((pattern) => matches(pattern, user)) &&
    !allowedPaths.some((pattern) => matches(pattern, path))
  );
}

/** A Jira Data Center instance under its context path: Basic with the CAPTCHA rule, PATs, and its OAuth provider. */
export function dataCenter(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  if (!request.path.startsWith(`${host.contextPath}/`)) {
    return { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' };
  }
  const inner = { ...request, path: request.path.slice(host.contextPath.length) };
  const base = `${host.origin('dc')}${host.contextPath}`;
  if (inner.path === '/rest/oauth2/latest/authorize' && request.method === 'GET') {
    return host.dataCenterAuth.authorize(inner, { pkce: true });
  }
  if (inner.path === '/rest/oauth2/latest/token' && request.method === 'POST') {
    return host.dataCenterAuth.token(inner, { dataCenter: true });
  }
  const authorization = request.headers.authorization;
  const unauthorized = () =>
    json(
      401,
      {
        errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
        errors: {},
      },
      {
        'x-seraph-loginreason': 'AUTHENTICATED_FAILED',
        'www-authenticate': `OAuth realm="${encodeURIComponent(base)}"`,
      },
    );
  let caller: Caller = { kind: 'anonymous' };
  const basic = parseBasic(authorization);
  const bearer = parseBearer(authorization);
  if (basic && basicBlocked(host, basic.user, inner.path)) {
    // https://codeclou.io/blog/2021/03/disabling-basic-auth-in-jira-and-allowlisting-customfield-editor-rest-api/
    return json(403, { message: 'Basic Authentication has been disabled on this instance.' });
  }
  if (basic) {
    const failures = host.failedLogins.get(basic.user) ?? 0;
    if (failures >= host.captchaAfter) {
      // https://confluence.atlassian.com/jakb/connector-captcha_challenge-error-on-jira-align-connector-1318881453.html
      return json(
        403,
        { errorMessages: ['CAPTCHA_CHALLENGE'], errors: {} },
        {
          'x-authentication-denied-reason': `CAPTCHA_CHALLENGE; login-url=${base}/login.jsp`,
          'x-seraph-loginreason': 'AUTHENTICATION_DENIED',
        },
      );
    }
    const user = host.dataCenterUsers.find((candidate) => candidate.username === basic.user);
    if (user && user.password === basic.secret) {
      host.failedLogins.delete(basic.user);
      caller = dataCenterProfile(user, base);
    } else {
      host.failedLogins.set(basic.user, failures + 1);
      caller = { kind: 'invalid' };
    }
  } else if (bearer) {
    const identity = host.dataCenterAuth.verify(bearer);
    const user = host.dataCenterUsers.find(
      (candidate) =>
        (candidate.pat !== undefined && candidate.pat === bearer) ||
        candidate.username === identity?.accountId,
    );
    if (user) caller = dataCenterProfile(user, base);
    else if (identity)
      caller = {
        kind: 'user',
        profile: { name: `service-${identity.clientId}`, displayName: 'Service account' },
      };
    else caller = { kind: 'invalid' };
  } else if (authorization) {
    caller = { kind: 'invalid' };
  }
  // The account's personal access tokens, without their values.
  // https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html
  // UNCONFIRMED: the listing's fields beside `expiringAt` (id, name, createdAt), as public clients read them.
  if (inner.path === '/rest/pat/latest/tokens' && request.method === 'GET' && caller.kind === 'user') {
    const owner = host.dataCenterUsers.find((candidate) => candidate.username === caller.profile.name);
    return json(
      200,
      owner?.pat === undefined
        ? []
        : [
            {
              id: 1,
              name: 'jira-auth',
              createdAt: '2026-01-05T10:00:00.000+0000',
              ...(owner.patExpiringAt ? { expiringAt: owner.patExpiringAt } : {}),
            },
          ],
    );
  }
  return (
    jiraRest(inner, caller, {
      self: base,
      deploymentType: 'Server',
      issues: host.issues,
      site: host.site,
      unauthorized,
    }) ?? { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' }
  );
}

function dataCenterProfile(user: DataCenterUser, base: string): Caller {
  return {
    kind: 'user',
    profile: {
      key: `JIRAUSER${user.username.length}0000`,
      name: user.username,
      emailAddress: user.email,
      displayName: user.displayName,
      active: true,
      timeZone: 'Etc/UTC',
      self: `${base}/rest/api/2/user?username=${encodeURIComponent(user.username)}`,
    },
  };
}
