// The loopback server the overhead benchmark calls, in a process of its own so it does not share the client's
// event loop: every path answers 200 with a small JSON body, over keep-alive. Prints its port.
import { createServer } from 'node:http';

const BODY = JSON.stringify({
  accountId: '5b10a2844c20165700ede21g',
  displayName: 'Ada Lovelace',
  active: true,
});
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(BODY),
    });
    response.end(BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));
