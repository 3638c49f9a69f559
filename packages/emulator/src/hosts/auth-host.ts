import { type EmulatedRequest, type EmulatedResponse, json } from '../http.js';
import type { HostContext } from './context.js';

/** `auth.atlassian.com`: the consent screen and the token endpoint. */
export function authHost(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  if (request.path === '/authorize' && request.method === 'GET')
    return host.auth.authorize(request, { pkce: false });
  if (request.path === '/oauth/token' && request.method === 'POST')
    return host.auth.token(request, { dataCenter: false });
  return json(404, { error: 'not_found' });
}
