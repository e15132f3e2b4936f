// Starts Debian's PowerDNS Authoritative (pdns-server, pdns-backend-sqlite3) in the foreground with
// its HTTP API on, on loopback high ports: the reference the PowerDNS-compatible API is held to.
import { execFile } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);
export const PDNS_BINARY = '/usr/sbin/pdns_server';
const SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';

export interface PdnsServer {
  /** The DNS port on 127.0.0.1. */
  readonly dnsPort: number;
  /** http://127.0.0.1:port, the base the API paths go under. */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly child: ChildServer;
  /** Stops PowerDNS (by PID) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** Throws a message saying how to install PowerDNS when it is missing. */
export async function requirePdns(): Promise<void> {
  try {
    await access(PDNS_BINARY);
    await access(SCHEMA);
  } catch {
    throw new Error('PowerDNS is not installed: run "apt-get install -y pdns-server pdns-backend-sqlite3 sqlite3" (.ci/run does)');
  }
}

export async function startPdns(): Promise<PdnsServer> {
  await requirePdns();
  const dir = await mkdtemp(join(tmpdir(), 'dnscove-pdns-'));
  const db = join(dir, 'pdns.sqlite3');
  await run('sqlite3', [db, `.read ${SCHEMA}`]);
  const dnsPort = await freePort();
  const webPort = await freePort();
  const apiKey = 'replay-key';
  await writeFile(
    join(dir, 'pdns.conf'),
    [
      'launch=gsqlite3',
      `gsqlite3-database=${db}`,
      // As deployed: clients such as DNSControl send DNSSEC settings (nsec3param) when they create a zone.
      'gsqlite3-dnssec=yes',
      'local-address=127.0.0.1',
      `local-port=${dnsPort}`,
      'api=yes',
      `api-key=${apiKey}`,
      'webserver=yes',
      'webserver-address=127.0.0.1',
      `webserver-port=${webPort}`,
      'webserver-allow-from=127.0.0.0/8',
      `socket-dir=${dir}`,
      'guardian=no',
      'daemon=no',
      'disable-syslog=yes',
      // Answers straight from the database, so a change is served at once, as DNSCove serves it.
      'query-cache-ttl=0',
      'negquery-cache-ttl=0',
      'cache-ttl=0',
      'zone-cache-refresh-interval=0',
      '',
    ].join('\n'),
  );
  const child = await startChild('pdns_server', PDNS_BINARY, [`--config-dir=${dir}`]);
  const apiUrl = `http://127.0.0.1:${webPort}`;
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      async () => {
        if (child.exitStatus() !== null) throw new Error(`pdns_server exited: ${child.stderr()}`);
        try {
          return (await fetch(`${apiUrl}/api`, { headers: { 'X-API-Key': apiKey } })).status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs: 15_000, intervalMs: 100, what: 'PowerDNS API' },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { dnsPort, apiUrl, apiKey, child, stop };
}
