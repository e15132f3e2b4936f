// The edge on several cores (edge/edge-cluster.ts through `dnscove edge --workers N`): workers
// share one UDP and one TCP socket, each loads every snapshot, and SIGTERM stops them all.
import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
import { exchange } from '../helpers/dns-client.js';
import { startChild } from '../helpers/child-server.js';
import type { ChildServer } from '../helpers/child-server.js';
import { REPO_ROOT } from '../helpers/edge-server.js';
import { waitUntil } from '../helpers/wait-until.js';
import { decodeResponse, encodeQuery, zoneFromText } from '../unit/edge/edge-fixture.js';

const WORKERS = 2;

function zoneText(serial: number): string {
  return `$ORIGIN cl.test.\n$TTL 300\n@ SOA ns1 h ${serial} 2 3 4 60\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.${serial}\n`;
}

/** Binds UDP and TCP on the port; resolves true only when no process holds either any more. */
async function portIsFree(port: number): Promise<boolean> {
  const udp = dgram.createSocket('udp4');
  const udpFree = await new Promise<boolean>((resolve) => {
    udp.once('error', () => resolve(false));
    udp.bind(port, '127.0.0.1', () => resolve(true));
  });
  udp.close();
  const tcp = net.createServer();
  const tcpFree = await new Promise<boolean>((resolve) => {
    tcp.once('error', () => resolve(false));
    tcp.listen(port, '127.0.0.1', () => resolve(true));
  });
  await new Promise<void>((resolve) => (tcpFree ? tcp.close(() => resolve()) : resolve()));
  return udpFree && tcpFree;
}

/** The start summary of every worker, and a line per zone loaded after it. */
const startLines = (edge: ChildServer): string[] => edge.stderr().split('\n').filter((l) => l.includes('snapshots loaded'));
const loadedLines = (edge: ChildServer): string[] => edge.stderr().split('\n').filter((l) => l.includes('zone loaded'));

describe(`dnscove edge --workers ${WORKERS}`, () => {
  let dir: string;
  let edge: ChildServer;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-cluster-'));
    await writeSnapshotFile(dir, zoneFromText(zoneText(1)));
    edge = await startChild('edge', process.execPath, [join(REPO_ROOT, 'bin', 'dnscove.js'), 'edge', '--snapshots', dir, '--listen', '127.0.0.1:0', '--workers', String(WORKERS)]);
    await waitUntil(() => /edge listening on 127\.0\.0\.1:\d+/.test(edge.stdout()), { what: 'edge listening', timeoutMs: 20_000 });
    port = Number(/127\.0\.0\.1:(\d+)/.exec(edge.stdout())![1]);
  });

  afterAll(async () => {
    await edge?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('says it listens only after every worker has loaded the snapshots, with the record count', () => {
    expect(edge.stdout()).toContain(`${WORKERS} workers`);
    const lines = startLines(edge);
    expect(lines).toHaveLength(WORKERS);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ zones: 1, records: 4, refused: 0 });
  });

  it.each(['udp', 'tcp'] as const)('answers over %s on the one shared port', async (transport) => {
    for (let i = 0; i < 10; i++) {
      const reply = await exchange(port, encodeQuery('WWW.cl.test', 'A', { id: i }), transport);
      expect(reply.bytes).not.toBeNull();
      const r = decodeResponse(reply.bytes!);
      expect(r.id).toBe(i);
      expect(r.answer).toEqual(['WWW.cl.test. 300 A 192.0.2.1']);
    }
  });

  it('reloads a changed snapshot in every worker', async () => {
    await writeSnapshotFile(dir, zoneFromText(zoneText(2)));
    await waitUntil(() => loadedLines(edge).length === WORKERS, { what: 'every worker to reload', timeoutMs: 15_000 });
    for (let i = 0; i < 20; i++) {
      const reply = await exchange(port, encodeQuery('www.cl.test', 'A'), 'udp');
      expect(decodeResponse(reply.bytes!).answer).toEqual(['www.cl.test. 300 A 192.0.2.2']);
    }
  });

  it('replaces a worker that dies, and the new one loads the snapshots and serves', async () => {
    const pids = new Set(startLines(edge).map((l) => (JSON.parse(l) as { pid: number }).pid));
    expect(pids.size).toBe(WORKERS);
    const victim = [...pids][0]!;
    process.kill(victim, 'SIGKILL');
    await waitUntil(() => startLines(edge).some((l) => !pids.has((JSON.parse(l) as { pid: number }).pid)), { what: 'a replacement worker to load', timeoutMs: 15_000 });
    expect(edge.stderr()).toContain('a worker exited; starting a replacement');
    for (let i = 0; i < 20; i++) {
      const reply = await exchange(port, encodeQuery('www.cl.test', 'A'), 'udp');
      expect(decodeResponse(reply.bytes!).answer).toEqual(['www.cl.test. 300 A 192.0.2.2']);
    }
  });

  it('stops the primary and every worker on SIGTERM', async () => {
    await edge.stop();
    expect(edge.exitStatus()).toEqual({ code: 0, signal: null });
    await waitUntil(() => portIsFree(port), { what: 'the port to be released by every worker', timeoutMs: 10_000 });
  });
});
