// DNSCove started the way a user starts it (`node bin/dnscove.js start`), plus the API and DNS calls ACME tests make.
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { startChild } from './child-server.js';
import type { ChildServer } from './child-server.js';
import { api, devLogin, stringField } from './control-harness.js';
import { exchange } from './dns-client.js';
import { encodeQuery } from './dns-query.js';
import { waitUntil } from './wait-until.js';

export interface DnscoveProcess {
  readonly apiUrl: string;
  readonly dnsPort: number;
  readonly dataDir: string;
  readonly server: ChildServer;
  /** Stops the process (SIGTERM, by PID) and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Runs `node bin/dnscove.js start --http 127.0.0.1:0 --dns 127.0.0.1:0 --data <temp dir>`
 * (dist/ must be built) with `env` added to the environment, and waits for the addresses it
 * prints.
 */
export async function startDnscove(env: Readonly<Record<string, string>> = {}): Promise<DnscoveProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dnscove-acme-'));
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const server = await startChild('dnscove start', 'env', [...assignments, process.execPath, 'bin/dnscove.js', 'start', '--http', '127.0.0.1:0', '--dns', '127.0.0.1:0', '--data', dataDir]);
  let apiUrl = '';
  let dnsPort = 0;
  const printed = waitUntil(
    () => {
      // An exit ends the wait at once; it is reported below rather than waited out.
      if (server.exitStatus() !== null) return true;
      apiUrl = /API: (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stdout())?.[1] ?? '';
      dnsPort = Number(/DNS: 127\.0\.0\.1:(\d+)/.exec(server.stdout())?.[1] ?? 0);
      return apiUrl !== '' && dnsPort > 0;
    },
    { what: 'dnscove start to print its addresses', timeoutMs: 20_000 },
  );
  try {
    await printed;
  } catch (err) {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  if (server.exitStatus() !== null) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`dnscove start exited: ${server.stdout()}${server.stderr()}`);
  }
  return {
    apiUrl,
    dnsPort,
    dataDir,
    server,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestZone {
  readonly id: string;
  /** Without the trailing dot, as the API returns it. */
  readonly origin: string;
}

/** Creates a zone over the API with a session (201 expected). */
export async function createZone(apiUrl: string, session: string, origin: string): Promise<TestZone> {
  const res = await api(apiUrl, 'POST', '/api/zones', { token: session, body: { origin } });
  if (res.status !== 201) throw new Error(`creating ${origin}: ${res.status} ${res.text}`);
  return { id: stringField(res.json, 'id'), origin: stringField(res.json, 'origin') };
}

/** Logs in a fresh dev-mode user and returns its session. */
export async function login(apiUrl: string, email: string): Promise<string> {
  return (await devLogin(apiUrl, email)).session;
}

/** What the edge answers for TXT at `qname` over UDP without EDNS, as Pebble asks: rcode and the TXT strings. */
export async function askTxt(dnsPort: number, qname: string): Promise<{ rcode: number; values: string[]; size: number }> {
  const reply = await exchange(dnsPort, encodeQuery({ id: randomInt(65536), qname, qtype: RRType.TXT }), 'udp', { timeoutMs: 1_000 });
  const message = reply.message;
  if (message === null || reply.bytes === null) throw new Error(`no parsable reply for ${qname} TXT: ${reply.parseError ?? 'timeout'}`);
  const values = message.answer.filter((rr) => rr.type === RRType.TXT).map((rr) => formatRdata(RRType.TXT, rr.rdata).replace(/^"|"$/g, ''));
  return { rcode: message.rcode, values: values.sort(), size: reply.bytes.length };
}

/** Polls the edge until the TXT values at `qname` are exactly `expected` (sorted), up to `timeoutMs`. */
export async function waitForTxt(dnsPort: number, qname: string, expected: readonly string[], timeoutMs = 10_000): Promise<void> {
  const want = JSON.stringify([...expected].sort());
  await waitUntil(async () => JSON.stringify((await askTxt(dnsPort, qname)).values) === want, { what: `${qname} TXT to be ${want}`, timeoutMs });
}
