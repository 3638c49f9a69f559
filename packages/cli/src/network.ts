// How the command reaches Jira behind a corporate network: a private certificate authority, a client certificate
// (mutual TLS), and the proxy in HTTPS_PROXY / HTTP_PROXY with NO_PROXY. Node 20's fetch reads none of these, so
// the command hands every request (its own and the strategies' token requests alike) to undici's
// EnvHttpProxyAgent, the dispatcher Node's fetch is built on, with the TLS files read once.
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { EXIT, Failure } from './failure.js';

/** Where the TLS files are: paths only, never their contents, so a profile may keep them. */
export interface NetworkFiles {
  /** A PEM file of certificate authorities to trust beside the system's (`--ca-file`, `JIRA_CA_FILE`). */
  caFile?: string;
  /** The client certificate (PEM) for mutual TLS (`--cert`, `JIRA_CLIENT_CERT`). */
  certFile?: string;
  /** Its private key (PEM) (`--key`, `JIRA_CLIENT_KEY`). */
  keyFile?: string;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/** The TLS files the environment names. */
export function networkFromEnv(env: NodeJS.ProcessEnv = process.env): NetworkFiles {
  return withoutEmpty({
    caFile: env.JIRA_CA_FILE,
    certFile: env.JIRA_CLIENT_CERT,
    keyFile: env.JIRA_CLIENT_KEY,
  });
}

/** The files given, without the ones not given (a profile keeps only what was set). */
export function withoutEmpty(files: { [K in keyof NetworkFiles]?: string | undefined }): NetworkFiles {
  return Object.fromEntries(
    Object.entries(files).filter(([, value]) => typeof value === 'string' && value !== ''),
  );
}

let applied: string | undefined;

/**
 * Makes every request of this process go out as `files` and the proxy variables say: trusting the CA file beside
 * the system's CAs, presenting the client certificate, through the proxy except for NO_PROXY's hosts. Does nothing
 * when nothing is set. A file that cannot be read fails naming the file (never its contents).
 */
export async function useNetwork(files: NetworkFiles, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const set = withoutEmpty(files);
  const proxied = PROXY_VARIABLES.some((name) => env[name]);
  if (!proxied && Object.keys(set).length === 0) return;
  const key = JSON.stringify([
    set,
    PROXY_VARIABLES.map((name) => env[name] ?? ''),
    env.NO_PROXY ?? env.no_proxy,
  ]);
  if (applied === key) return;
  if (Boolean(set.certFile) !== Boolean(set.keyFile))
    throw new Failure(
      `${set.certFile ? '--cert (JIRA_CLIENT_CERT) is set but --key (JIRA_CLIENT_KEY) is not' : '--key (JIRA_CLIENT_KEY) is set but --cert (JIRA_CLIENT_CERT) is not'}: a client certificate needs both, its certificate and its private key`,
      EXIT.notConfigured,
    );
  const tls = {
    ...(set.caFile ? { ca: [...rootCertificates, await pem(set.caFile, '--ca-file (JIRA_CA_FILE)')] } : {}),
    ...(set.certFile ? { cert: await pem(set.certFile, '--cert (JIRA_CLIENT_CERT)') } : {}),
    ...(set.keyFile ? { key: await pem(set.keyFile, '--key (JIRA_CLIENT_KEY)') } : {}),
  };
  // Loaded only when needed: most runs of the command have nothing to set.
  const { EnvHttpProxyAgent, setGlobalDispatcher } = await import('undici');
  const httpsProxy = env.HTTPS_PROXY || env.https_proxy;
  const httpProxy = env.HTTP_PROXY || env.http_proxy;
  const noProxy = env.NO_PROXY || env.no_proxy;
  setGlobalDispatcher(
    new EnvHttpProxyAgent({
      ...(httpsProxy ? { httpsProxy } : {}),
      ...(httpProxy ? { httpProxy } : {}),
      ...(noProxy ? { noProxy } : {}),
      connect: tls,
      requestTls: tls,
    }),
  );
  applied = key;
}

async function pem(path: string, option: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Failure(
      `${option} names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): give the path of a PEM file`,
      EXIT.notConfigured,
    );
  }
  if (!text.includes('-----BEGIN '))
    throw new Failure(
      `${option} names ${path}, which is not a PEM file (no -----BEGIN line)`,
      EXIT.notConfigured,
    );
  return text;
}
