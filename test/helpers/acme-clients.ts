// Runs the ACME clients from Debian (lego, certbot) against Pebble, bounded in time, and reads what they issued.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClientRun {
  readonly code: number | null;
  readonly output: string;
  readonly ms: number;
}

/**
 * Runs `command args` with `env` added, no shell, killed after `timeoutMs` (SIGKILL) so a
 * stuck client cannot hang the suite. Never rejects: the caller asserts on `code` and shows
 * `output` (stdout then stderr).
 */
export function runClient(command: string, args: readonly string[], env: Readonly<Record<string, string>>, timeoutMs: number, cwd?: string): Promise<ClientRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL', cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, output: `${stdout}\n${stderr}${err?.killed === true ? `\n[killed after ${timeoutMs} ms]` : ''}`, ms: Date.now() - started });
    });
  });
}

/** Writes an executable shell script. */
export async function writeScript(path: string, body: string): Promise<string> {
  await writeFile(path, `#!/bin/sh\nset -eu\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

export interface LegoOptions {
  readonly directoryUrl: string;
  readonly caFile: string;
  readonly dnsPort: number;
  /** lego's --path: account and certificates. */
  readonly dir: string;
  /** The DNS provider: "exec" or "httpreq". */
  readonly provider: string;
  readonly providerEnv: Readonly<Record<string, string>>;
  readonly domains: readonly string[];
  readonly timeoutMs?: number;
}

/**
 * `lego --dns PROVIDER run` with the settings INTEROP.md gives for Pebble: trust its CA,
 * resolve through our edge, no propagation check against public servers (high port).
 */
export function runLego(o: LegoOptions): Promise<ClientRun> {
  const args = ['--server', o.directoryUrl, '--accept-tos', '--email', 'acme@dnscove.test', '--path', o.dir, '--dns', o.provider, '--dns.resolvers', `127.0.0.1:${o.dnsPort}`, '--dns.disable-cp'];
  for (const d of o.domains) args.push('-d', d);
  args.push('run');
  return runClient('lego', args, { LEGO_CA_CERTIFICATES: o.caFile, ...o.providerEnv }, o.timeoutMs ?? 90_000);
}

export interface CertbotOptions {
  readonly directoryUrl: string;
  readonly caFile: string;
  readonly dir: string;
  /** The authenticator and its settings (manualHooks, or a DNS plugin's flags). */
  readonly authenticator: readonly string[];
  readonly domains: readonly string[];
  readonly timeoutMs?: number;
}

/** certbot's --manual DNS-01 with hook scripts. */
export function manualHooks(authHook: string, cleanupHook: string): string[] {
  return ['--manual', '--preferred-challenges', 'dns', '--manual-auth-hook', authHook, '--manual-cleanup-hook', cleanupHook];
}

/** `certbot certonly` with `authenticator` (INTEROP.md settings); all state under `dir`. */
export function runCertbot(o: CertbotOptions): Promise<ClientRun> {
  const args = [
    'certonly', '--non-interactive', '--agree-tos', '--register-unsafely-without-email', '--server', o.directoryUrl,
    '--config-dir', join(o.dir, 'config'), '--work-dir', join(o.dir, 'work'), '--logs-dir', join(o.dir, 'logs'),
    ...o.authenticator,
    '--cert-name', 'test',
  ];
  for (const d of o.domains) args.push('-d', d);
  return runClient('certbot', args, { REQUESTS_CA_BUNDLE: o.caFile }, o.timeoutMs ?? 120_000);
}

/** The DNS names in a PEM certificate's subjectAltName, sorted. */
export async function certificateNames(pemFile: string): Promise<string[]> {
  const cert = new X509Certificate(await readFile(pemFile));
  return (cert.subjectAltName ?? '').split(', ').filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)).sort();
}
