import { type EmulatedRequest, type EmulatedResponse, json } from '../http.js';
import type { HostContext } from './context.js';

/**
 * `auth.atlassian.com`: the consent screen and the token endpoint. It also plays Forge's key host
 * (`forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json`) at `/forge/.well-known/jwks.json`.
 */
export function authHost(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  if (request.path === '/authorize' && request.method === 'GET')
    return host.auth.authorize(request, { pkce: false });
  if (request.path === '/oauth/token' && request.method === 'POST')
    return host.auth.token(request, { dataCenter: false });
  if (request.path === '/forge/.well-known/jwks.json' && request.method === 'GET')
    return json(200, host.forge.jwks(), { 'cache-control': 'public, max-age=300' });
  return json(404, { error: 'not_found' });
}
