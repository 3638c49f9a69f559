// Private redis-server instances for tests (Debian's package): loopback only, a free port, no persistence, a
// temporary folder removed when stopped.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  /** Freezes the process (SIGSTOP): connections stay open, nothing is answered, as in a long stall. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT): what it was sent meanwhile runs now. */
  resume(): void;
  /** Kills the process at once (SIGKILL), keeping its folder, and waits for it. */
  kill(): Promise<void>;
}

/** Redis over TLS: the server's certificate and key, the CA it checks clients against, and a client's, as files. */
export interface RedisTls {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
}

async function waitForPing(port: number, tls?: RedisTls): Promise<void> {
  const secure = tls
    ? ['--tls', '--cacert', tls.caFile, '--cert', tls.clientCertFile, '--key', tls.clientKeyFile]
    : [];
  for (let attempt = 0; ; attempt++) {
    try {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...secure, 'ping']);
      if (stdout.trim() === 'PONG') return;
    } catch {
      // not up yet
    }
    if (attempt > 200) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A redis-server on a free loopback port. With `tls`, it listens on TLS only (`rediss://`), with that certificate,
 * and requires a client certificate its CA signed.
 */
export async function startRedis(
  extra: string[] = [],
  options: { tls?: RedisTls } = {},
): Promise<RedisServer> {
  const { tls } = options;
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'jira-auth-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        ...(tls
          ? [
              '--port',
              '0',
              '--tls-port',
              String(port),
              '--tls-cert-file',
              tls.certFile,
              '--tls-key-file',
              tls.keyFile,
              '--tls-ca-cert-file',
              tls.caFile,
              '--tls-auth-clients',
              'yes',
            ]
          : ['--port', String(port)]),
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
    await waitForPing(port, tls);
  };
  const halt = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    halt: () => halt(),
    kill: () => halt('SIGKILL'),
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
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

export interface SentinelGroup {
  /** The name the sentinels monitor the master under (ioredis's `name`). */
  readonly name: string;
  /** Where the sentinels listen (ioredis's `sentinels`). */
  readonly sentinels: { host: string; port: number }[];
  /** The data servers: the first starts as the master, the second as its replica. */
  readonly servers: RedisServer[];
  /** The port of the data server the sentinels now say is the master. */
  masterPort(): Promise<number>;
  /** Waits until the sentinels name a master other than `port`, and (`replicas` 1) a replica acknowledges its writes. */
  failedOver(port: number, replicas: number): Promise<number>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a write on the master at `port` is acknowledged by a replica within half a second (`WAIT 1 500`). */
function acknowledges(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    // One connection for both: WAIT counts the replicas that have this connection's writes.
    const cli = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port)]);
    let output = '';
    cli.stdout.on('data', (chunk) => {
      output += chunk;
    });
    cli.on('close', () => resolve(/^(\(integer\) )?[1-9]/.test(output.trim().split('\n').at(-1) ?? '')));
    cli.stdin.end('SET jira-auth-probe 1\nWAIT 1 500\n');
  });
}

/**
 * One master (append-only file, synced every write), one replica and three sentinels (quorum 2) on loopback ports,
 * with short failure detection: a master that dies is replaced within a few seconds.
 */
export async function startSentinelGroup(): Promise<SentinelGroup> {
  const name = 'jira-auth';
  const durable = ['--appendonly', 'yes', '--appendfsync', 'always'];
  const master = await startRedis(durable);
  const replica = await startRedis([...durable, '--replicaof', '127.0.0.1', String(master.port)]);
  const servers = [master, replica];
  const sentinels: { port: number; child: ChildProcess; dir: string }[] = [];
  for (let index = 0; index < 3; index++) {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'jira-auth-sentinel-'));
    const config = join(dir, 'sentinel.conf');
    await writeFile(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${master.port} 2`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        `sentinel parallel-syncs ${name} 1`,
        '',
      ].join('\n'),
    );
    const child = spawn('redis-sentinel', [config], { stdio: 'ignore' });
    child.on('error', (error) => {
      throw new Error(
        `redis-sentinel could not start (is Debian's redis-sentinel installed?): ${error.message}`,
      );
    });
    await waitForPing(port);
    sentinels.push({ port, child, dir });
  }
  const ask = async (port: number, ...args: string[]) =>
    (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout.trim();
  const masterPort = async () => {
    const answer = await ask(sentinels[0]?.port ?? 0, 'sentinel', 'get-master-addr-by-name', name);
    return Number(answer.split('\n')[1]);
  };
  const connectedReplicas = async (port: number) => {
    const info = await ask(port, 'info', 'replication').catch(() => '');
    return Number(/connected_slaves:(\d+)/.exec(info)?.[1] ?? -1);
  };
  // Every sentinel knows the replica and the other sentinels before a test may kill anything.
  for (let attempt = 0; ; attempt++) {
    const ready = await Promise.all(
      sentinels.map(async ({ port }) => {
        const info = await ask(port, 'info', 'sentinel').catch(() => '');
        return /slaves=1,sentinels=3/.test(info);
      }),
    );
    if (ready.every(Boolean) && (await connectedReplicas(master.port)) === 1) break;
    if (attempt > 400) throw new Error('the Redis sentinels did not see the replica and each other');
    await sleep(50);
  }
  // And the replica acknowledges writes (in its first seconds, while the sentinels settle, it may not yet).
  for (let attempt = 0; !(await acknowledges(master.port)); attempt++) {
    if (attempt > 60) throw new Error('the replica does not acknowledge writes');
  }
  return {
    name,
    sentinels: sentinels.map(({ port }) => ({ host: '127.0.0.1', port })),
    servers,
    masterPort,
    failedOver: async (port, replicas) => {
      for (let attempt = 0; ; attempt++) {
        const now = await masterPort().catch(() => port);
        if (now !== port && (replicas === 0 || (await acknowledges(now)))) return now;
        if (attempt > 600) throw new Error(`no failover away from port ${port} within 30 s`);
        await sleep(50);
      }
    },
    stop: async () => {
      for (const { child, dir } of sentinels) {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        await rm(dir, { recursive: true, force: true });
      }
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
