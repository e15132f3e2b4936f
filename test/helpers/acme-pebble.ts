// Pebble (Let's Encrypt's test ACME server) on loopback, with a throw-away CA made by openssl and real DNS-01 validation.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);

export interface Pebble {
  /** The ACME directory URL (https://127.0.0.1:PORT/dir). */
  readonly directoryUrl: string;
  /** The management API base (roots and intermediates). */
  readonly managementUrl: string;
  /** PEM of the CA that signed Pebble's HTTPS certificate: what clients must trust. */
  readonly caFile: string;
  readonly server: ChildServer;
  stop(): Promise<void>;
}

/**
 * Makes a throw-away CA and a certificate for localhost/127.0.0.1 in `dir` (openssl, EC P-256,
 * valid one day): Debian's pebble ships no test certificate.
 */
export async function makeTestCa(dir: string): Promise<{ caFile: string; certFile: string; keyFile: string }> {
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'localhost.key');
  const csr = join(dir, 'localhost.csr');
  const certFile = join(dir, 'localhost.pem');
  const ext = join(dir, 'localhost.ext');
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-out', caFile, '-days', '1', '-subj', '/CN=DNSCove test CA']);
  await run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', '/CN=localhost']);
  await writeFile(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-out', certFile, '-days', '1', '-extfile', ext]);
  return { caFile, certFile, keyFile };
}

/**
 * Starts Pebble in `dir` with its validation authority resolving through `dnsPort` on
 * 127.0.0.1 (INTEROP.md): PEBBLE_VA_ALWAYS_VALID unset (real validation), no sleeps, no
 * nonce rejection, no authorization reuse (every order is validated). Resolves once the
 * directory answers.
 */
export async function startPebble(dir: string, dnsPort: number): Promise<Pebble> {
  const { caFile, certFile, keyFile } = await makeTestCa(dir);
  const [port, mgmt, httpPort, tlsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'pebble.json');
  await writeFile(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${port}`,
        managementListenAddress: `127.0.0.1:${mgmt}`,
        certificate: certFile,
        privateKey: keyFile,
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  const env = ['env', '-u', 'PEBBLE_VA_ALWAYS_VALID', 'PEBBLE_VA_NOSLEEP=1', 'PEBBLE_WFE_NONCEREJECT=0', 'PEBBLE_AUTHZREUSE=0'];
  const server = await startChild('pebble', env[0]!, [...env.slice(1), 'pebble', '-config', config, '-dnsserver', `127.0.0.1:${dnsPort}`], dir);
  const directoryUrl = `https://127.0.0.1:${port}/dir`;
  try {
    // An exit ends the wait at once; it is reported below rather than waited out.
    await waitUntil(() => server.exitStatus() !== null || /Listening on: 127\.0\.0\.1:\d+/.test(server.stdout() + server.stderr()), { what: 'pebble to listen', timeoutMs: 20_000 });
  } catch (err) {
    await server.stop();
    throw err;
  }
  if (server.exitStatus() !== null) throw new Error(`pebble exited: ${server.stdout()}${server.stderr()}`);
  return { directoryUrl, managementUrl: `https://127.0.0.1:${mgmt}`, caFile, server, stop: () => server.stop() };
}
