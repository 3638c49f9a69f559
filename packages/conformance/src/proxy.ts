// A real CONNECT proxy on loopback for the tests behind a corporate network. It connects out from 127.0.0.2, so the
// emulator's log (`from`) shows which requests came through it, and it keeps the `host:port` of every tunnel.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';

export interface TestProxy {
  /** `http://127.0.0.1:<port>`, for `HTTPS_PROXY` or a proxy agent. */
  readonly url: string;
  /** One `host:port` per CONNECT, in order; empty it between tests with `tunnels.length = 0`. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

/** The address the proxy connects out from: a request the emulator logs from it came through the proxy. */
export const PROXY_OUT_ADDRESS = '127.0.0.2';

export async function startProxy(): Promise<TestProxy> {
  const proxy = createProxy(createServer());
  proxy.localAddress = PROXY_OUT_ADDRESS;
  const tunnels: string[] = [];
  proxy.on('connect', (request) => tunnels.push(request.url ?? ''));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}
