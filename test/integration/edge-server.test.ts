// The edge as a running server (edge/edge-server.ts): real sockets on loopback, snapshots
// written to a temporary directory, reloads while querying, and the CLI as a child process.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge } from '../../edge/edge-server.js';
import type { EdgeServer } from '../../edge/edge-server.js';
import { createLogger } from '../../shared/log.js';
import { removeSnapshotFile, writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
import { parseName } from '../../shared/dns/name.js';
import { decodeResponse, encodeQuery, zoneFromText } from '../unit/edge/edge-fixture.js';
import type { DecodedResponse } from '../unit/edge/edge-fixture.js';
import { waitUntil } from '../helpers/wait-until.js';

// A small client: UDP and TCP queries to the edge under test, decoded.
function queryUdp(port: number, message: Buffer, timeoutMs = 2000): Promise<DecodedResponse> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('no UDP answer'));
    }, timeoutMs);
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(decodeResponse(msg));
    });
    socket.send(message, port, '127.0.0.1');
  });
}

function frame(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

/** Collects length-framed responses from a TCP socket until `count` have arrived. */
function readFrames(socket: net.Socket, count: number, timeoutMs = 3000): Promise<DecodedResponse[]> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const out: DecodedResponse[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${out.length} of ${count} TCP answers`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        out.push(decodeResponse(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
      }
      if (out.length >= count) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve(out);
      }
    };
    socket.on('data', onData);
  });
}

function connectTcp(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function queryTcp(port: number, message: Buffer): Promise<DecodedResponse> {
  const socket = await connectTcp(port);
  try {
    socket.write(frame(message));
    return (await readFrames(socket, 1))[0]!;
  } finally {
    socket.destroy();
  }
}

function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  return waitUntil(check, { what, timeoutMs, intervalMs: 25 });
}

const zoneText = (serial: number, address: string): string => `$ORIGIN example.test.
$TTL 300
@ SOA ns1 hostmaster ${serial} 7200 3600 1209600 60
@ NS ns1
ns1 A 192.0.2.53
www A ${address}
`;
const otherZone = `$ORIGIN other.test.
$TTL 300
@ SOA ns1 hostmaster 1 7200 3600 1209600 60
@ NS ns1
ns1 A 192.0.2.54
`;

describe('edge server', () => {
  let dir: string;
  let edge: EdgeServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-edge-'));
    await writeSnapshotFile(dir, zoneFromText(zoneText(1, '192.0.2.1')));
    await writeSnapshotFile(dir, zoneFromText(otherZone));
    edge = await startEdge({ snapshotsDir: dir, host: '127.0.0.1', port: 0, log: createLogger({ write: (l) => void logLines.push(l) }), tcpIdleTimeoutMs: 300, maxTcpConnections: 4 });
  });

  afterAll(async () => {
    await edge?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const errorLines = () => logLines.filter((l) => (JSON.parse(l) as { level: string }).level === 'error');

  it('binds UDP and TCP on the same free port', () => {
    expect(edge.udpPort).toBeGreaterThan(0);
    expect(edge.tcpPort).toBe(edge.udpPort);
  });

  it('answers over UDP and TCP', async () => {
    for (const r of [await queryUdp(edge.udpPort, encodeQuery('www.example.test', 'A')), await queryTcp(edge.tcpPort, encodeQuery('www.example.test', 'A'))]) {
      expect(r.rcode).toBe('NOERROR');
      expect(r.flags.aa).toBe(true);
      expect(r.answer).toEqual(['www.example.test. 300 A 192.0.2.1']);
    }
  });

  it('answers pipelined TCP queries on one connection, each in turn', async () => {
    const socket = await connectTcp(edge.tcpPort);
    socket.write(Buffer.concat([1, 2, 3].map((id) => frame(encodeQuery(id === 2 ? 'nx.example.test' : 'www.example.test', 'A', { id })))));
    const answers = await readFrames(socket, 3);
    socket.destroy();
    expect(answers.map((a) => [a.id, a.rcode])).toEqual([
      [1, 'NOERROR'],
      [2, 'NXDOMAIN'],
      [3, 'NOERROR'],
    ]);
  });

  it('reassembles a TCP message split across segments', async () => {
    const socket = await connectTcp(edge.tcpPort);
    const bytes = frame(encodeQuery('www.example.test', 'A', { id: 99 }));
    const answer = readFrames(socket, 1);
    for (const piece of [bytes.subarray(0, 1), bytes.subarray(1, 7), bytes.subarray(7)]) {
      socket.write(piece);
      await new Promise((r) => setTimeout(r, 30));
    }
    const [r] = await answer;
    socket.destroy();
    expect(r!.id).toBe(99);
    expect(r!.answer).toHaveLength(1);
  });

  it('closes a connection that announces a zero length, and an idle one', async () => {
    const zero = await connectTcp(edge.tcpPort);
    let zeroClosed = false;
    zero.on('close', () => (zeroClosed = true));
    zero.write(Buffer.from([0, 0]));
    await waitFor('zero-length close', () => zeroClosed);
    const idle = await connectTcp(edge.tcpPort);
    let idleClosed = false;
    idle.on('close', () => (idleClosed = true));
    await waitFor('idle close', () => idleClosed);
  });

  it('closes connections beyond the limit', async () => {
    const held = await Promise.all([1, 2, 3, 4].map(() => connectTcp(edge.tcpPort)));
    const extra = await connectTcp(edge.tcpPort);
    let closed = false;
    extra.on('close', () => (closed = true));
    extra.on('error', () => undefined);
    await waitFor('the fifth connection to be closed', () => closed);
    for (const s of held) s.destroy();
  });

  it('serves old or new data while a snapshot is replaced, then only new', async () => {
    const seen = new Set<string>();
    let stop = false;
    const querying = (async () => {
      while (!stop) {
        const r = await queryUdp(edge.udpPort, encodeQuery('www.example.test', 'A'));
        seen.add(r.answer.join(','));
      }
    })();
    await writeSnapshotFile(dir, zoneFromText(zoneText(2, '192.0.2.2')));
    await edge.reload();
    const after = await queryUdp(edge.udpPort, encodeQuery('www.example.test', 'A'));
    stop = true;
    await querying;
    expect(after.answer).toEqual(['www.example.test. 300 A 192.0.2.2']);
    for (const answer of seen) expect(['www.example.test. 300 A 192.0.2.1', 'www.example.test. 300 A 192.0.2.2']).toContain(answer);
  });

  it('picks up a changed snapshot without reload() (directory watch)', async () => {
    await writeSnapshotFile(dir, zoneFromText(zoneText(3, '192.0.2.3')));
    await waitFor('the watcher to load serial 3', async () => (await queryUdp(edge.udpPort, encodeQuery('www.example.test', 'A'))).answer[0]?.endsWith('192.0.2.3') ?? false);
  });

  it('refuses a corrupt snapshot with one warning and keeps serving the previous one', async () => {
    const before = logLines.length;
    await writeFile(join(dir, '.tmp-corrupt'), Buffer.from('DNSCSNAP this is not a snapshot'));
    await rename(join(dir, '.tmp-corrupt'), join(dir, 'example.test.snap'));
    await edge.reload();
    const warnings = logLines.slice(before).filter((l) => l.includes('"warn"'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('example.test.snap');
    const r = await queryUdp(edge.udpPort, encodeQuery('www.example.test', 'A'));
    expect(r.answer).toEqual(['www.example.test. 300 A 192.0.2.3']);
  });

  it('stops serving a zone whose snapshot is removed', async () => {
    await removeSnapshotFile(dir, parseName('other.test.'));
    await edge.reload();
    expect((await queryUdp(edge.udpPort, encodeQuery('ns1.other.test', 'A'))).rcode).toBe('REFUSED');
  });

  it('logged no internal fault', () => {
    expect(errorLines()).toEqual([]);
  });
});

describe('CLI: snapshot build, then edge', () => {
  it('compiles a zone file and serves it until SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnscove-cli-'));
    try {
      const zoneFile = join(dir, 'example.test.zone');
      await writeFile(zoneFile, zoneText(7, '192.0.2.7'));
      // A file without $ORIGIN or an absolute SOA owner takes its origin from ORIGIN=FILE.
      const relativeFile = join(dir, 'relative.zone');
      await writeFile(relativeFile, '$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.8\n');
      const build = spawn(process.execPath, ['bin/dnscove.js', 'snapshot', 'build', '--zone', zoneFile, '--zone', `other.test=${relativeFile}`, '--out', join(dir, 'snaps')]);
      expect(await new Promise((r) => build.on('exit', r))).toBe(0);

      const bad = join(dir, 'bad.zone');
      await writeFile(bad, '$ORIGIN bad.test.\n@ 300 SOA ns1 h 1 2 3 4 5\nwww 300 A not-an-address\n');
      let badErr = '';
      const badBuild = spawn(process.execPath, ['bin/dnscove.js', 'snapshot', 'build', '--zone', bad, '--out', join(dir, 'snaps')]);
      badBuild.stderr.on('data', (d: Buffer) => (badErr += d.toString()));
      expect(await new Promise((r) => badBuild.on('exit', r))).not.toBe(0);
      expect(badErr).toContain(`${bad}:3`);

      const child = spawn(process.execPath, ['bin/dnscove.js', 'edge', '--snapshots', join(dir, 'snaps'), '--listen', '127.0.0.1:0']);
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((r) => child.on('exit', r));
      try {
        await waitFor('edge listening', () => /edge listening on 127\.0\.0\.1:\d+/.test(out), 15_000);
        const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]);
        const r = await queryUdp(port, encodeQuery('www.example.test', 'A'));
        expect(r.answer).toEqual(['www.example.test. 300 A 192.0.2.7']);
        expect((await queryUdp(port, encodeQuery('ns1.other.test', 'A'))).answer).toEqual(['ns1.other.test. 300 A 192.0.2.8']);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
