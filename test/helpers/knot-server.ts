// Starts Debian's Knot DNS (knotd) on a loopback high port, as a second reference server.
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { exchange } from './dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-until.js';
import type { ZoneFixture } from './zone-fixture.js';

export const KNOT_BINARY = '/usr/sbin/knotd';

/** A running knotd: its port and how to stop it. Its log is the child's stderr. */
export interface KnotServer {
  readonly port: number;
  readonly child: ChildServer;
  /** Stops knotd (SIGTERM, by PID) and removes its temp directory. Idempotent. */
  stop(): Promise<void>;
}

function config(dir: string, port: number, zones: readonly ZoneFixture[]): string {
  // The zone files are fixtures: never write them back, keep no journal.
  return [
    'server:',
    `  rundir: "${dir}"`,
    `  listen: 127.0.0.1@${port}`,
    'log:',
    '  - target: stderr',
    '    any: info',
    'database:',
    `  storage: "${dir}"`,
    'zone:',
    ...zones.flatMap((z) => [
      `  - domain: "${z.origin}"`,
      `    file: "${z.file}"`,
      '    zonefile-sync: -1',
      '    zonefile-load: whole',
      '    journal-content: none',
    ]),
    '',
  ].join('\n');
}

/**
 * Starts `knotd -c FILE` serving `zones` on 127.0.0.1 and resolves once it answers every
 * zone's SOA authoritatively. Throws with its log if the binary is missing or a zone fails.
 */
export async function startKnot(zones: readonly ZoneFixture[]): Promise<KnotServer> {
  try {
    await access(KNOT_BINARY);
  } catch {
    throw new Error(`Knot is not installed (${KNOT_BINARY} is missing): run "apt-get install -y knot" (.ci/run does)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-knot-'));
  const port = await freePort();
  const confFile = join(dir, 'knot.conf');
  await writeFile(confFile, config(dir, port, zones));
  const child = await startChild('knotd', KNOT_BINARY, ['-c', confFile]);
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const zone of zones) {
      await waitUntil(
        async () => {
          if (child.exitStatus() !== null) return true;
          const reply = await exchange(port, encodeQuery({ id: 1, qname: zone.origin, qtype: 6 }), 'udp', { timeoutMs: 300, attempts: 1 });
          return reply.message !== null && reply.message.rcode === 0 && reply.message.aa;
        },
        { what: `Knot to answer the SOA of ${zone.origin}`, timeoutMs: 15_000 },
      );
      if (child.exitStatus() !== null) throw new Error(`knotd exited (${JSON.stringify(child.exitStatus())})`);
    }
  } catch (err) {
    const text = child.stderr();
    await stop();
    throw new Error(`Knot did not start: ${(err as Error).message}\n--- knotd log ---\n${text}`, { cause: err });
  }
  return { port, child, stop };
}
