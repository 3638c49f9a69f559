// The foreign host, which also plays Atlassian's media host (api.media.atlassian.com): where Jira Cloud's
// `attachment/content/{id}` redirects. It takes the token in the URL, never the caller's credentials, and is the
// host those credentials must not reach.
import { type EmulatedRequest, type EmulatedResponse, json } from '../http.js';
import type { HostContext } from './context.js';

/** `GET /file/{mediaId}/binary?token=...`: the file's bytes for its token; 401 otherwise. */
export function mediaHost(request: EmulatedRequest, host: HostContext): EmulatedResponse {
  const match = /^\/file\/([^/]+)\/binary$/.exec(request.path);
  if (!match || request.method !== 'GET') return json(404, { message: 'Not found' });
  for (const issue of host.issues.values()) {
    const file = issue.attachments?.find((attachment) => attachment.mediaId === match[1]);
    if (!file) continue;
    if (request.query.get('token') !== file.mediaToken) return json(401, { error: 'Unauthorized' });
    return {
      status: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${file.filename.replace(/"/g, '')}"`,
      },
      body: file.bytes,
    };
  }
  return json(404, { message: 'Not found' });
}
