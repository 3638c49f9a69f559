import { type EmulatedRequest, type EmulatedResponse, json, parseBearer } from '../http.js';
import { jiraRest } from '../jira-rest.js';
import { cloudCaller } from './cloud-site.js';
import type { HostContext } from './context.js';

/** `api.atlassian.com`: accessible-resources, `/me`, and the gateway `/ex/jira/{cloudId}` for OAuth and scoped tokens. */
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
  return jiraGateway(request, host);
}

function jiraGateway(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  const match = /^\/ex\/jira\/([^/]+)(\/.*)?$/.exec(request.path);
  if (!match) return json(404, { code: 404, message: 'Not Found' });
  if (match[1] !== host.cloudId) return json(404, { code: 404, message: 'Cloud id not found' });
  const inner = { ...request, path: match[2] ?? '/' };
  const caller = cloudCaller(request, 'scopedToken', host);
  return (
    jiraRest(inner, caller, {
      self: `${host.origin('api')}/ex/jira/${host.cloudId}`,
      deploymentType: 'Cloud',
      issues: host.issues,
      site: host.site,
      // UNCONFIRMED: the exact body of the gateway's plain 401; this is the shape of its documented scope 401.
      unauthorized: () => json(401, { code: 401, message: 'Unauthorized' }),
    }) ?? json(404, { code: 404, message: 'Not Found' })
  );
}
