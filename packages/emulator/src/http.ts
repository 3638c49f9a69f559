import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as a route handler sees it. */
export interface EmulatedRequest {
  readonly method: string;
  /** The path below the host (and below a gateway or context prefix once a router strips it). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface EmulatedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatedResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body };
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function encode(answer: EmulatedResponse): {
  headers: Record<string, string>;
  payload: string | Buffer | undefined;
} {
  const headers = { ...answer.headers };
  if (answer.body === undefined) return { headers, payload: undefined };
  if (typeof answer.body === 'string' || Buffer.isBuffer(answer.body))
    return { headers, payload: answer.body };
  headers['content-type'] ??= 'application/json;charset=UTF-8';
  return { headers, payload: JSON.stringify(answer.body) };
}

export function send(response: ServerResponse, answer: EmulatedResponse): void {
  const { headers, payload } = encode(answer);
  response.writeHead(answer.status, headers);
  response.end(payload);
}

/** The status line, the headers (with the full length) and half of the body; then the connection is reset. */
export function sendHalfThenReset(response: ServerResponse, answer: EmulatedResponse): void {
  const { headers, payload } = encode(answer);
  const bytes = Buffer.from(payload ?? '');
  response.writeHead(answer.status, { ...headers, 'content-length': String(bytes.length) });
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.resetAndDestroy());
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The decoded `user:secret` of a Basic header, split at the first colon; undefined for any other header. */
export function parseBasic(header: string | undefined): { user: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function parseBearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** The parts of a multipart/form-data body: field names, file names and contents. */
export function multipartParts(
  contentType: string | undefined,
  body: Buffer,
): { name: string; filename?: string; size: number; content: Buffer }[] | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!/^multipart\/form-data/i.test(contentType ?? '') || !marker) return undefined;
  const text = body.toString('latin1');
  const parts = text.split(`--${marker}`).slice(1, -1);
  return parts.map((part) => {
    const [head = '', ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const content = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    return {
      name,
      ...(filename === undefined ? {} : { filename }),
      size: Buffer.byteLength(content, 'latin1'),
      content: Buffer.from(content, 'latin1'),
    };
  });
}
