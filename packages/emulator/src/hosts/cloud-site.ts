import type { CloudUser } from '../defaults.js';
import { type EmulatedRequest, type EmulatedResponse, json, parseBasic, parseBearer } from '../http.js';
import { type Caller, jiraRest } from '../jira-rest.js';
import { confluenceRest, serviceDeskRest } from '../products.js';
import type { HostContext } from './context.js';

/**
 * `<site>.atlassian.net`: the tenant lookup, and for classic API tokens Jira's REST API, Service Management's
 * (`/rest/servicedeskapi`) and Confluence's (`/wiki`).
 */
export function cloudSite(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  if (request.path === '/_edge/tenant_info' && request.method === 'GET') {
    return json(200, { cloudId: host.cloudId });
  }
  const site = host.origin('site');
  // Classic tokens only: a scoped token sent to <site>.atlassian.net gets 401.
  // https://support.atlassian.com/atlassian-cloud/kb/401-unauthorized-error-when-service-account-accesses-jira-or-confluence-api
  const caller = cloudCaller(request, 'classicToken', host);
  const unauthorized = () =>
    json(
      401,
      { message: 'Client must be authenticated to access this resource.', 'status-code': 401 },
      { 'www-authenticate': `OAuth realm="${encodeURIComponent(site)}"` },
    );
  const products = { self: site, site, workspaceId: host.workspaceId, unauthorized };
  return (
    serviceDeskRest(request, caller, products, host.site) ??
    confluenceRest(request, caller, products) ??
    jiraRest(request, caller, {
      self: site,
      deploymentType: 'Cloud',
      issues: host.issues,
      media: host.origin('foreign'),
      site: host.site,
      unauthorized,
    }) ??
    json(404, { message: 'Not found' })
  );
}

/** Who a Cloud request comes from: an API token by Basic (`accepted` says which kind this host takes) or OAuth. */
export function cloudCaller(
  request: EmulatedRequest,
  accepted: 'classicToken' | 'scopedToken',
  host: HostContext,
): Caller {
  const authorization = request.headers.authorization;
  if (!authorization) return { kind: 'anonymous' };
  const bearer = parseBearer(authorization);
  if (bearer !== undefined) {
    // OAuth access tokens, and the tokens Forge sends a remote, work only on the gateway.
    const forge = accepted === 'scopedToken' ? host.forge.verifyToken(bearer) : undefined;
    if (forge) {
      const user =
        forge.kind === 'user'
          ? host.cloudUsers.find((candidate) => candidate.accountId === forge.accountId)
          : undefined;
      const profile = user
        ? cloudProfile(user)
        : { accountId: forge.accountId, accountType: 'app', displayName: 'Emulated Forge app', active: true };
      return { kind: 'user', profile, scopes: forge.scope };
    }
    const identity = accepted === 'scopedToken' ? host.auth.verify(bearer) : undefined;
    if (!identity) return { kind: 'invalid' };
    const user = host.cloudUsers.find((candidate) => candidate.accountId === identity.accountId);
    const profile = user
      ? cloudProfile(user)
      : {
          accountId: `app:${identity.clientId}`,
          accountType: 'app',
          displayName: `Service account ${identity.clientId}`,
          active: true,
        };
    return { kind: 'user', profile, scopes: identity.scope };
  }
  const basic = parseBasic(authorization);
  const user = basic && host.cloudUsers.find((candidate) => candidate.email === basic.user);
  if (!user || !basic || user[accepted] === undefined || user[accepted] !== basic.secret)
    return { kind: 'invalid' };
  return { kind: 'user', profile: cloudProfile(user) };
}

export function cloudProfile(user: CloudUser): Record<string, unknown> {
  return {
    accountId: user.accountId,
    accountType: 'atlassian',
    emailAddress: user.email,
    displayName: user.displayName,
    active: true,
    timeZone: 'Etc/UTC',
    locale: 'en_US',
  };
}
