// A real HTTP server on 127.0.0.1 for tests of what goes over the wire: it logs each request it gets (headers and
// body) and answers with what `answer` says for it. Started in `beforeAll`, closed in `afterAll`.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll } from 'vitest';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** The server's origin (set once it listens) and its log, which a test may empty. */
export function loopback(answer: (received: Received, log: readonly Received[]) => Answer) {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk;
    });
    request.on('end', () => {
      const received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
      };
      state.received.push(received);
      const { status, headers, body: text } = answer(received, state.received);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(text ?? '{}');
    });
  });
  const state = { origin: '', received: [] as Received[] };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return state;
}
