import { createServer } from 'node:net';
import createClient from 'openapi-fetch';

const server = createServer((socket) => socket.destroy());
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
for (const url of ['http://127.0.0.1:1/jira', `http://127.0.0.1:${port}/jira`]) {
  const client = createClient({ baseUrl: url });
  const body = 'x'.repeat(4 * 1024 * 1024);
  const t = performance.now();
  for (let i = 0; i < 10; i++)
    await client.request('post', '/rest/api/2/issue', { body: { d: body } }).catch((e) => e);
  console.log(url, '10 requests 4MB', performance.now() - t);
}
server.close();
