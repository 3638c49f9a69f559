import { type EmulatedRequest, type EmulatedResponse, json, parseBearer } from '../http.js';
import { jiraRest } from '../jira-rest.js';
import { assetsRest, confluenceRest, serviceDeskRest } from '../products.js';
import { cloudCaller } from './cloud-site.js';
import type { HostContext } from './context.js';

/**
 * `api.atlassian.com`: accessible-resources, `/me`, the gateway's `/ex/jira/{cloudId}` and `/ex/confluence/{cloudId}`
 * for OAuth and scoped tokens, and Assets (`/jsm/assets/workspace/{workspaceId}/v1`) for every credential.
 */
export function apiGateway(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  if (request.path === '/oauth/token/accessible-resources' && request.method === 'GET') {
    const identity = host.auth.verify(parseBearer(request.headers.authorization) ?? '');
    if (!identity) return json(401, { code: 401, message: 'Unauthorized' });
    // Every site the grant reaches, in no guaranteed order: pick by URL, never by position.
    // https://developer.atlassian.com/cloud/oauth/getting-started/making-calls-to-api/
    const sites = [
      { id: host.cloudId, url: host.origin('site'), name: 'emulated-site' },
      {
        id: '3b1f7e3c-decoy-4a46-9f2c-000000000001',
        url: 'https://decoy-one.atlassian.net',
        name: 'decoy-one',
      },
      {
        id: '3b1f7e3c-decoy-4a46-9f2c-000000000002',
        url: 'https://decoy-two.atlassian.net',
        name: 'decoy-two',
      },
    ]
      .slice(0, host.otherSites ? 3 : 1)
      .map((site) => ({
        ...site,
        scopes: identity.scope,
        avatarUrl: `https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/${site.name}.png`,
      }));
    for (let i = sites.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [sites[i], sites[j]] = [sites[j] as (typeof sites)[number], sites[i] as (typeof sites)[number]];
    }
    return json(200, sites);
  }
  if (request.path === '/me' && request.method === 'GET') {
    const identity = host.auth.verify(parseBearer(request.headers.authorization) ?? '');
    const user = identity && host.cloudUsers.find((candidate) => candidate.accountId === identity.accountId);
    if (!user || !identity?.scope.includes('read:me'))
      return json(401, { code: 401, message: 'Unauthorized' });
    return json(200, {
      account_id: user.accountId,
      email: user.email,
      name: user.displayName,
      account_type: 'atlassian',
    });
  }
  // Assets lives on the gateway host for every credential, classic API tokens included.
  if (request.path.startsWith('/jsm/assets/')) {
    const scoped = cloudCaller(request, 'scopedToken', host);
    const caller = scoped.kind === 'user' ? scoped : cloudCaller(request, 'classicToken', host);
    return (
      assetsRest(request, caller, products(host, host.origin('api'))) ??
      json(404, { code: 404, message: 'Not Found' })
    );
  }
  return productGateway(request, host);
}

// UNCONFIRMED: the exact body of the gateway's plain 401; this is the shape of its documented scope 401.
const unauthorized = () => json(401, { code: 401, message: 'Unauthorized' });

function products(host: HostContext, self: string) {
  return { self, site: host.origin('site'), workspaceId: host.workspaceId, unauthorized };
}

/** `/ex/{product}/{cloudId}/...`: Jira (and Service Management below it) and Confluence, for scoped tokens and OAuth. */
function productGateway(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  const match = /^\/ex\/(jira|confluence)\/([^/]+)(\/.*)?$/.exec(request.path);
  if (!match) return json(404, { code: 404, message: 'Not Found' });
  if (match[2] !== host.cloudId) return json(404, { code: 404, message: 'Cloud id not found' });
  const inner = { ...request, path: match[3] ?? '/' };
  const caller = cloudCaller(request, 'scopedToken', host);
  const self = `${host.origin('api')}/ex/${match[1]}/${host.cloudId}`;
  if (match[1] === 'confluence')
    return (
      confluenceRest(inner, caller, products(host, self)) ?? json(404, { code: 404, message: 'Not Found' })
    );
  return (
    serviceDeskRest(inner, caller, products(host, self), host.site) ??
    jiraRest(inner, caller, {
      self,
      // serverInfo gives the site, where a person opens links, whichever way the request came.
      baseUrl: host.origin('site'),
      deploymentType: 'Cloud',
      issues: host.issues,
      media: host.origin('foreign'),
      site: host.site,
      unauthorized,
    }) ??
    json(404, { code: 404, message: 'Not Found' })
  );
}
