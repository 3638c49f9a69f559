// Private redis-server instances for tests (Debian's package): loopback only, a free port, no persistence, a
// temporary folder removed when stopped.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM), keeps its folder, and waits for it. */
  halt(): Promise<void>;
  /** Starts it again on the same port, with what it persisted (nothing, unless started with persistence). */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

async function waitForPing(port: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']);
      if (stdout.trim() === 'PONG') return;
    } catch {
      // not up yet
    }
    if (attempt > 200) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startRedis(extra: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'jira-auth-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        ...extra,
      ],
      { stdio: 'ignore' },
    );
    child.on('error', (error) => {
      throw new Error(`redis-server could not start (is Debian's redis-server installed?): ${error.message}`);
    });
    await waitForPing(port);
  };
  const halt = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    halt,
    stop: async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await halt();
      await launch();
    },
  };
}

/** Three masters in a Redis Cluster, every slot assigned. */
export async function startCluster(): Promise<{
  nodes: { host: string; port: number }[];
  stop(): Promise<void>;
}> {
  const servers = await Promise.all(
    [0, 1, 2].map(async (index) =>
      startRedis([
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${index}.conf`,
        '--cluster-node-timeout',
        '2000',
      ]),
    ),
  );
  await run('redis-cli', [
    '--cluster',
    'create',
    ...servers.map((server) => `127.0.0.1:${server.port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (let attempt = 0; ; attempt++) {
    const { stdout } = await run('redis-cli', ['-p', String(servers[0]?.port), 'cluster', 'info']);
    if (stdout.includes('cluster_state:ok')) break;
    if (attempt > 200) throw new Error('the Redis Cluster did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    nodes: servers.map((server) => ({ host: '127.0.0.1', port: server.port })),
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
