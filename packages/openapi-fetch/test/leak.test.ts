// Per-request state (the body copy kept for a retry) must not outlive the request on any path, network errors
// included. Measured as a user would notice it: memory that stays after many failed uploads.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bearerAuth } from '@jira-auth/core';
import createClient from 'openapi-fetch';
import { expect, it } from 'vitest';
import { jiraAuthMiddleware } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

it('requests that end in an error (aborted, refused) leave nothing behind (200 x 1 MB bodies)', {
  timeout: 60_000,
}, async () => {
  // Port 1 on loopback refuses connections: a request fails before any response.
  const baseUrl = 'http://127.0.0.1:1/jira';
  const client = createClient({ baseUrl });
  client.use(jiraAuthMiddleware(bearerAuth({ baseUrl, token: 'pat-for-the-leak-test' })));
  const body = 'x'.repeat(1024 * 1024);
  const settle = async () => {
    for (let round = 0; round < 3; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await settle();
  const before = process.memoryUsage().arrayBuffers;
  let failures = 0;
  for (let index = 0; index < 200; index++) {
    // Most are aborted by the application (fast); every tenth really meets a refused connection.
    const signal = index % 10 === 0 ? undefined : AbortSignal.abort();
    await client
      .request(
        'post' as never,
        '/rest/api/2/issue' as never,
        {
          body: { fields: { description: body } },
          ...(signal ? { signal } : {}),
        } as never,
      )
      .catch(() => failures++);
  }
  expect(failures).toBe(200);
  await settle();
  const grown = process.memoryUsage().arrayBuffers - before;
  expect(grown).toBeLessThan(50 * 1024 * 1024);
});
