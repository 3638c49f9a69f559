// `npx jira-auth-emulator` as a newcomer uses it: --help, fixed ports, and environment lines that fromEnv() takes
// as printed, from another process.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { authorizationFor, fromEnv } from '../src/index.js';

const bin = join(
  dirname(createRequire(import.meta.url).resolve('@jira-auth/emulator/package.json')),
  'dist/cli.mjs',
);
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

/** Starts the bin with `args` and resolves with everything it printed once it printed `until`. */
async function start(args: string[], until: RegExp): Promise<string> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(child);
  let output = '';
  child.stdout?.setEncoding('utf8');
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    output += chunk;
    if (until.test(output)) return output;
  }
  throw new Error(`the emulator ended before printing ${until}: ${output}`);
}

/** A port that is free with its four successors: all five bound once, then let go. */
async function freePorts(): Promise<number> {
  for (;;) {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    probe.close();
    if (port > 60_000) continue;
    const held = await Promise.all(
      [1, 2, 3, 4].map(
        (offset) =>
          new Promise<ReturnType<typeof createServer> | undefined>((resolve) => {
            const server = createServer();
            server.once('error', () => resolve(undefined));
            server.listen(port + offset, '127.0.0.1', () => resolve(server));
          }),
      ),
    );
    for (const server of held) server?.close();
    if (held.every(Boolean)) return port;
  }
}

describe('npx jira-auth-emulator', () => {
  it('--help says how to use it; a wrong option exits 2 with the help', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help']);
    expect(stdout).toMatch(/^Usage: jira-auth-emulator \[--port N\]/);
    const failed = await promisify(execFile)(process.execPath, [bin, '--prot', '1']).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/Unknown option '--prot'[\s\S]*Usage:/);
  });

  it('prints every credential, and environment lines fromEnv() takes from another process (scoped token, service account)', async () => {
    const printed = JSON.parse(await start(['--json'], /\n}\n$/)) as {
      env: Record<string, Record<string, string>>;
      credentials: Record<string, unknown>;
      urls: { gateway: string };
    };
    expect(Object.keys(printed.credentials)).toEqual([
      'cloudUser',
      'dataCenterUser',
      'oauthClient',
      'serviceAccount',
      'dataCenterOAuthClient',
      'issues',
    ]);
    for (const method of ['scoped API token (Cloud, through the gateway)', 'service account (Cloud)']) {
      const auth = fromEnv({ env: printed.env[method] as Record<string, string> });
      const headers = await authorizationFor(auth, { url: '/rest/api/3/myself' });
      const response = await fetch(`${printed.urls.gateway}/rest/api/3/myself`, { headers });
      expect(response.status, method).toBe(200);
    }
  });

  it('--port gives the same URLs on every start', async () => {
    // Other tests open servers meanwhile: a port taken between the check and the start is tried again.
    let port = 0;
    let printed = '';
    for (let attempt = 0; attempt < 5 && !printed; attempt++) {
      port = await freePorts();
      printed = await start(['--port', String(port)], /Ctrl-C stops it/).catch(() => '');
    }
    expect(printed).toContain(`Cloud site      http://127.0.0.1:${port} `);
    expect(printed).toContain(`Data Center     http://127.0.0.1:${port + 3}/jira`);
    expect(printed).toContain(`JIRA_API_TOKEN=ATATT-emulator-classic-token`);
  });
});
