// `jira-auth demo`: the bundled emulator, and every command run against it as a shell would run it: each login
// method (OAuth driven without a browser: the demo plays the consent screen), status, token, header, api, logout.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_CLOUD_USER,
  DEFAULT_DC_USER,
  DEFAULT_OAUTH_CLIENT,
  DEFAULT_SERVICE_ACCOUNT,
  Emulator,
} from '@jira-auth/emulator';

const self = fileURLToPath(import.meta.url).replace(/demo\.[mc]?[jt]s$/, 'cli.mjs');

interface Step {
  args: string[];
  /** What is piped to the command (a secret, as a script would pass it). */
  input?: string;
  /** Plays the browser: gets the consent URL the command printed, returns the callback URL. */
  consent?: ((url: string) => Promise<string>) | undefined;
  /** Shown instead of the command's output, for `token` and `header`, whose output is a secret. */
  redact?: boolean;
}

/** Runs one command, shows it and its output; resolves with its exit code. */
function runStep(step: Step, env: NodeJS.ProcessEnv): Promise<number> {
  console.log(`\n$ jira-auth ${step.args.join(' ')}${step.input ? '   (secret piped on stdin)' : ''}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [self, ...step.args], { env });
    child.stdin.end(step.input ?? '');
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(
        step.redact
          ? text.replace(/\S{12,}/g, (secret) => `${secret.slice(0, 6)}… (${secret.length} characters)`)
          : text,
      );
    });
    child.stderr.on('data', async (chunk: Buffer) => {
      errors += chunk;
      process.stdout.write(chunk);
      const url = /https?:\/\/\S+\/authorize\S*/.exec(errors)?.[0];
      if (url && step.consent) {
        const consent = step.consent;
        step.consent = undefined;
        console.log('  (the demo plays the browser: consent granted, redirect followed)');
        await fetch((await consent(url)).replace('//localhost:', '//127.0.0.1:'));
      }
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export async function demo(): Promise<number> {
  if (process.env.JIRA_BASE_URL) {
    // Your own Jira: verify the JIRA_* environment (fromEnv), with no stored profile in the way.
    const configDir = await mkdtemp(join(tmpdir(), 'jira-auth-demo-'));
    console.log(
      `JIRA_BASE_URL is set: verifying the JIRA_* environment against ${process.env.JIRA_BASE_URL}.`,
    );
    try {
      return await runStep({ args: ['status'] }, { ...process.env, JIRA_AUTH_CONFIG_DIR: configDir });
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }
  }
  // A free port for the OAuth login's loopback redirect, listed as a callback URL of the emulator's app.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const app = { ...DEFAULT_OAUTH_CLIENT, redirectUris: [`http://localhost:${port}/callback`] };
  const emulator = new Emulator({ oauthClients: [app, DEFAULT_SERVICE_ACCOUNT] });
  await emulator.start();
  const configDir = await mkdtemp(join(tmpdir(), 'jira-auth-demo-'));
  const env = {
    ...process.env,
    JIRA_AUTH_CONFIG_DIR: configDir,
    // A throwaway folder, and never the keychain of the machine the demo runs on.
    JIRA_AUTH_STORAGE: 'file',
    JIRA_AUTH_TEST_API_URL: emulator.endpoints.api,
    JIRA_AUTH_TEST_AUTH_URL: emulator.endpoints.auth,
  };
  const cloud = ['--site', emulator.urls.site, '--email', DEFAULT_CLOUD_USER.email];
  const steps: Step[] = [
    {
      args: ['login', '--api-token', ...cloud, '--profile', 'classic'],
      input: `${DEFAULT_CLOUD_USER.classicToken}\n`,
    },
    { args: ['status', '--profile', 'classic'] },
    { args: ['header', '--profile', 'classic'], redact: true },
    {
      args: ['login', '--api-token', ...cloud, '--profile', 'scoped'],
      input: `${DEFAULT_CLOUD_USER.scopedToken}\n`,
    },
    { args: ['status', '--profile', 'scoped', '--json'] },
    {
      args: ['login', '--data-center', '--base-url', emulator.urls.dataCenter, '--profile', 'dc'],
      input: `${DEFAULT_DC_USER.pat}\n`,
    },
    { args: ['status', '--profile', 'dc'] },
    {
      args: [
        'login',
        '--client-id',
        DEFAULT_OAUTH_CLIENT.clientId,
        '--port',
        String(port),
        '--no-browser',
        '--site',
        emulator.urls.site,
        '--profile',
        'oauth',
      ],
      input: `${DEFAULT_OAUTH_CLIENT.clientSecret}\n`,
      consent: (url) => emulator.consent(url),
    },
    { args: ['status', '--profile', 'oauth'] },
    { args: ['token', '--profile', 'oauth'], redact: true },
    { args: ['api', '--profile', 'oauth', '/rest/api/3/myself'] },
    { args: ['logout', '--profile', 'oauth'] },
  ];
  console.log(`jira-auth demo: every command against the bundled emulator (a local fake of Jira Cloud, the
api.atlassian.com gateway and Jira Data Center), with profiles in a temporary folder.`);
  let failed = 0;
  try {
    for (const step of steps) if ((await runStep(step, env)) !== 0) failed++;
  } finally {
    await emulator.close();
    await rm(configDir, { recursive: true, force: true });
  }
  console.log(`\n${steps.length - failed} of ${steps.length} commands succeeded.`);
  return failed === 0 ? 0 : 1;
}
