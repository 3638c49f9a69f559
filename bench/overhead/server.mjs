// The loopback server the overhead benchmark calls, in a process of its own so it does not share the client's
// event loop: every path answers 200 with a small JSON body, over keep-alive. Prints its port.
import { createServer } from 'node:http';
import { BODY } from './body.mjs';

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
// Never closes an idle connection (a close racing a request fails it): the benchmark's rounds leave connections idle
// for as long as a round at the transport seam takes.
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));
