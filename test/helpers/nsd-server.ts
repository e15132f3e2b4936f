// Starts Debian's NSD in the foreground on a loopback high port, configured as the reference server.
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { exchange } from './dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-until.js';
import type { ZoneFixture } from './zone-fixture.js';

export const NSD_BINARY = '/usr/sbin/nsd';

/** A running NSD: its port, its log file's text, and how to stop it. */
export interface NsdServer {
  readonly port: number;
  readonly child: ChildServer;
  log(): Promise<string>;
  /** Stops NSD (SIGTERM, by PID) and removes its temp directory. Idempotent. */
  stop(): Promise<void>;
}

/** Throws a message saying how to install NSD when the binary is missing. */
export async function requireNsd(): Promise<void> {
  try {
    await access(NSD_BINARY);
  } catch {
    throw new Error(`NSD is not installed (${NSD_BINARY} is missing): run "apt-get install -y nsd" (.ci/run does)`);
  }
}

/** An NSD `key:` block for an hmac-sha256 TSIG key (name without its trailing dot, secret base64). */
export function nsdKeyConfig(name: string, secret: string): string[] {
  return ['key:', `  name: "${name}"`, '  algorithm: hmac-sha256', `  secret: "${secret}"`];
}

/**
 * The `server:` and `remote-control:` sections of an nsd.conf that runs NSD as the reference
 * INTEROP.md describes (minimal-responses, no RRL), on address@port, with its files in `dir`;
 * hide-* keep CH TXT queries out of comparisons.
 */
export function nsdServerConfig(dir: string, address: string, port: number): string[] {
  return [
    'server:',
    `  ip-address: ${address}@${port}`,
    '  server-count: 1',
    '  username: ""',
    '  database: ""',
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    `  logfile: "${join(dir, 'nsd.log')}"`,
    '  verbosity: 2',
    '  do-ip6: no',
    '  minimal-responses: yes',
    '  rrl-ratelimit: 0',
    '  hide-version: yes',
    '  hide-identity: yes',
    'remote-control:',
    '  control-enable: no',
  ];
}

function config(dir: string, port: number, zones: readonly ZoneFixture[]): string {
  const server = nsdServerConfig(dir, '127.0.0.1', port);
  const zoneLines = zones.flatMap((z) => ['zone:', `  name: "${z.origin.replace(/\.$/, '')}"`, `  zonefile: "${z.file}"`]);
  return [...server, ...zoneLines, ''].join('\n');
}

/**
 * Starts `nsd -d -c FILE` serving `zones` on 127.0.0.1 and resolves once NSD answers the SOA
 * of every zone authoritatively and its log says each zone was read. Throws (after stopping
 * NSD) if a zone fails to load, quoting the log.
 */
export async function startNsd(zones: readonly ZoneFixture[]): Promise<NsdServer> {
  await requireNsd();
  // The free port can be taken between the probe and NSD's bind: try a fresh one then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNsdOnce(zones);
    } catch (err) {
      if (attempt >= 3 || !/already in use/i.test((err as Error).message)) throw err;
    }
  }
}

async function startNsdOnce(zones: readonly ZoneFixture[]): Promise<NsdServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-nsd-'));
  const port = await freePort();
  const confFile = join(dir, 'nsd.conf');
  await writeFile(confFile, config(dir, port, zones));
  const child = await startChild('nsd', NSD_BINARY, ['-d', '-c', confFile]);
  const log = async (): Promise<string> => readFile(join(dir, 'nsd.log'), 'utf8').catch(() => '');
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      async () => {
        if (child.exitStatus() !== null) return true;
        const text = await log();
        return zones.every((z) => text.includes(`zone ${z.origin.replace(/\.$/, '')} read with success`));
      },
      { what: 'NSD to read every zone', timeoutMs: 15_000 },
    );
    if (child.exitStatus() !== null) throw new Error(`nsd exited (${JSON.stringify(child.exitStatus())}): ${child.stderr()}`);
    for (const zone of zones) {
      await waitUntil(
        async () => {
          const reply = await exchange(port, encodeQuery({ id: 1, qname: zone.origin, qtype: 6 }), 'udp', { timeoutMs: 300, attempts: 1 });
          return reply.message !== null && reply.message.rcode === 0 && reply.message.aa;
        },
        { what: `NSD to answer the SOA of ${zone.origin}`, timeoutMs: 10_000 },
      );
    }
    const text = await log();
    if (/\berror\b/i.test(text)) throw new Error(`NSD logged an error:\n${text}`);
  } catch (err) {
    const text = await log();
    await stop();
    throw new Error(`NSD did not start: ${(err as Error).message}\n--- nsd log ---\n${text}`, { cause: err });
  }
  return { port, child, log, stop };
}
