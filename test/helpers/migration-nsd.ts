// Starts NSD on one loopback address (port 53 for a private hierarchy) serving zone texts, for the migration tests.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exchange } from '../../control/checks/dns-exchange.js';
import { parseName } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { NSD_BINARY, nsdServerConfig, requireNsd } from './nsd-server.js';
import { waitUntil } from './wait-until.js';

/** A zone to serve: its origin ("example.test.") and master-file text. */
export interface NsdZone {
  readonly origin: string;
  readonly text: string;
  /** Allow AXFR from loopback (provide-xfr). */
  readonly allowTransfer?: boolean;
  /** The zone does not load (its text is broken on purpose); NSD then answers SERVFAIL for it. */
  readonly broken?: boolean;
}

export interface MigrationNsd {
  readonly address: string;
  readonly port: number;
  readonly child: ChildServer;
  log(): Promise<string>;
  /** Stops NSD by its PID and removes its temp directory. Idempotent. */
  stop(): Promise<void>;
}

function config(dir: string, address: string, port: number, zones: readonly NsdZone[]): string {
  const lines = nsdServerConfig(dir, address, port);
  zones.forEach((z, i) => {
    lines.push('zone:', `  name: "${z.origin}"`, `  zonefile: "${join(dir, `zone-${i}.zone`)}"`);
    if (z.allowTransfer === true) lines.push('  provide-xfr: 127.0.0.0/8 NOKEY');
  });
  return lines.join('\n') + '\n';
}

/**
 * Starts `nsd -d` on address:port serving `zones` and resolves once every zone that is not
 * `broken` answers its SOA authoritatively. Stops NSD again and throws, quoting its log, when
 * it does not come up.
 */
export async function startMigrationNsd(address: string, port: number, zones: readonly NsdZone[]): Promise<MigrationNsd> {
  await requireNsd();
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-migration-nsd-'));
  await Promise.all(zones.map((z, i) => writeFile(join(dir, `zone-${i}.zone`), z.text)));
  const confFile = join(dir, 'nsd.conf');
  await writeFile(confFile, config(dir, address, port, zones));
  const child = await startChild(`nsd@${address}`, NSD_BINARY, ['-d', '-c', confFile]);
  const log = (): Promise<string> => readFile(join(dir, 'nsd.log'), 'utf8').catch(() => '');
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const zone of zones.filter((z) => z.broken !== true)) {
      await waitUntil(
        async () => {
          if (child.exitStatus() !== null) throw new Error(`nsd exited: ${child.stderr()}`);
          const r = await exchange({ host: address, port }, parseName(zone.origin), RRType.SOA, 300);
          return r.kind === 'response' && r.message.aa && r.message.rcode === 0;
        },
        { what: `NSD on ${address} to serve ${zone.origin}`, timeoutMs: 15_000 },
      );
    }
  } catch (err) {
    const text = `${child.stderr()}${await log()}`;
    await stop();
    throw new Error(`NSD on ${address}:${port} did not start: ${(err as Error).message}\n${text}`, { cause: err });
  }
  return { address, port, child, log, stop };
}
