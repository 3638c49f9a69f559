// The emulator's TLS mode: a certificate authority made on the fly for one emulator, the hosts' certificate
// (127.0.0.1 and localhost) and a client certificate, all signed by it. Made with the machine's `openssl` (Debian's
// package; Node cannot sign certificates), in a temporary folder whose files a program or the CLI can be pointed at.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** What a client needs to reach a TLS emulator: its CA, and a client certificate it accepts (PEM, and as files). */
export interface EmulatorTls {
  /** The certificate authority that signed the hosts' certificate and the client certificate (PEM). */
  readonly ca: string;
  /** A client certificate the hosts accept (PEM), and its private key. */
  readonly cert: string;
  readonly key: string;
  /** The same, as files: `caFile`, `certFile`, `keyFile` (in a folder removed by `emulator.close()`). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /**
   * The hosts' own certificate (127.0.0.1 and localhost) and its key, as files: for another test server under the
   * same CA, such as Redis over TLS.
   */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
}

/** The hosts' side: their key and certificate, and the CA they check client certificates against. */
export interface ServerTls {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

const run = promisify(execFile);
const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Makes a CA, the hosts' certificate and a client certificate, valid for two days, in a new temporary folder. */
export async function makeTls(): Promise<{ client: EmulatorTls; server: ServerTls; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'jira-auth-emulator-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = async (...args: string[]) => {
    try {
      await run('openssl', args, { cwd: dir });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(
        missing
          ? '[@jira-auth/emulator] the TLS mode needs the openssl command (Debian: apt-get install openssl)'
          : `[@jira-auth/emulator] openssl failed making the TLS mode's certificates: ${(error as Error).message}`,
      );
    }
  };
  try {
    await openssl(
      'req',
      '-x509',
      ...CURVE,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=jira-auth emulator CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    const sign = async (name: string, subject: string, extensions: string) => {
      await openssl('req', ...CURVE, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
      await writeFile(at(`${name}.ext`), extensions);
      await openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      );
    };
    await sign(
      'server',
      '/CN=127.0.0.1',
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    );
    await sign('client', '/CN=jira-auth emulator client', 'extendedKeyUsage=clientAuth\n');
    // The CA's key is needed no longer: nothing else is signed with it.
    await rm(at('ca.key'));
    const text = (name: string) => readFile(at(name), 'utf8');
    const ca = await text('ca.pem');
    return {
      dir,
      server: { key: await text('server.key'), cert: await text('server.pem'), ca },
      client: {
        ca,
        cert: await text('client.pem'),
        key: await text('client.key'),
        caFile: at('ca.pem'),
        certFile: at('client.pem'),
        keyFile: at('client.key'),
        serverCertFile: at('server.pem'),
        serverKeyFile: at('server.key'),
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
