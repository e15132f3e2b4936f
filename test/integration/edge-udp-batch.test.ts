// The batched UDP path (edge/native/udp-batch.c + edge/server/udp.ts) on real sockets: bursts
// larger than one batch, each reply to its own sender, the client's address family, whole
// large datagrams, and a busy port reported as EADDRINUSE.
import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdge } from '../../edge/edge-server.js';
import type { EdgeServer } from '../../edge/edge-server.js';
import { createLogger } from '../../edge/log.js';
import { bindUdp } from '../../edge/server/udp.js';
import { udpAddon } from '../../edge/server/native-udp.js';
import { writeSnapshotFile } from '../../shared/snapshot/snapshot-file.js';
import { decodeResponse, encodeQuery, zoneFromText } from '../unit/edge/edge-fixture.js';
import { EXAMPLE_COM } from '../unit/edge/zones.js';

const silent = createLogger(() => undefined);

/** Opens a client socket, sends every message at once, and collects replies until `expected` arrive or `timeoutMs` passes. */
async function burst(type: 'udp4' | 'udp6', host: string, port: number, messages: Buffer[], expected: number, timeoutMs = 3000): Promise<Buffer[]> {
  const socket = dgram.createSocket(type);
  const replies: Buffer[] = [];
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  try {
    return await new Promise<Buffer[]>((resolve) => {
      const timer = setTimeout(() => resolve(replies), timeoutMs);
      socket.on('message', (msg) => {
        replies.push(msg);
        if (replies.length >= expected) {
          clearTimeout(timer);
          resolve(replies);
        }
      });
      for (const message of messages) socket.send(message, port, host);
    });
  } finally {
    socket.close();
  }
}

describe('edge UDP in batches', () => {
  let dir: string;
  const edges: EdgeServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dnscove-udp-batch-'));
    await writeSnapshotFile(dir, zoneFromText(EXAMPLE_COM));
  });

  afterAll(async () => {
    await Promise.all(edges.map((e) => e.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function edgeOn(host: string): Promise<EdgeServer> {
    const edge = await startEdge({ snapshotsDir: dir, host, port: 0, log: silent });
    edges.push(edge);
    return edge;
  }

  it('answers a burst of many batches from several clients, each reply to its sender with its own ID', async () => {
    const edge = await edgeOn('127.0.0.1');
    const names = ['www.example.com', 'WWW.Example.COM', 'nx.example.com', 'alias.example.com'];
    // 240 datagrams: several batches of 64, while staying inside the socket's default receive buffer.
    const perClient = 80;
    const clients = await Promise.all(
      [0, 1, 2].map((c) => {
        const messages = Array.from({ length: perClient }, (_, i) => encodeQuery(names[i % names.length]!, 'A', { id: c * 1000 + i }));
        return burst('udp4', '127.0.0.1', edge.udpPort, messages, perClient);
      }),
    );
    clients.forEach((replies, c) => {
      const decoded = replies.map(decodeResponse);
      expect(decoded.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: perClient }, (_, i) => c * 1000 + i));
      for (const r of decoded) {
        const name = names[(r.id - c * 1000) % names.length]!;
        expect(r.question).toEqual([`${name}. A IN`]);
        if (name === 'nx.example.com') expect(r.rcode).toBe('NXDOMAIN');
        else expect(r.answer.at(-1)).toMatch(/ 3600 A 192\.0\.2\.10$/);
      }
    });
  });

  it('tells an IPv6 client from an IPv4 one on a dual-stack socket (NSD puts AAAA glue first for IPv6)', async () => {
    const edge = await edgeOn('::');
    const query = encodeQuery('example.com', 'NS', { id: 6 });
    const [overIpv6] = await burst('udp6', '::1', edge.udpPort, [query], 1);
    const [overIpv4] = await burst('udp4', '127.0.0.1', edge.udpPort, [query], 1);
    expect(decodeResponse(overIpv6!).additional).toEqual(['ns1.example.com. 3600 AAAA 2001:db8::53', 'ns1.example.com. 3600 A 192.0.2.53']);
    expect(decodeResponse(overIpv4!).additional).toEqual(['ns1.example.com. 3600 A 192.0.2.53', 'ns1.example.com. 3600 AAAA 2001:db8::53']);
  });

  it('reads a datagram of 60,000 bytes whole: a query with trailing bytes is answered, as NSD ignores them', async () => {
    const edge = await edgeOn('127.0.0.1');
    const query = Buffer.concat([encodeQuery('www.example.com', 'A', { id: 60 }), Buffer.alloc(60_000 - 33, 0xab)]);
    const [reply] = await burst('udp4', '127.0.0.1', edge.udpPort, [query], 1);
    const r = decodeResponse(reply!);
    expect(r.id).toBe(60);
    expect(r.answer).toEqual(['www.example.com. 3600 A 192.0.2.10']);
  });

  it('reports a UDP port in use as EADDRINUSE and leaves the holder serving', async () => {
    const edge = await edgeOn('127.0.0.1');
    await expect(bindUdp('127.0.0.1', edge.udpPort)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const [reply] = await burst('udp4', '127.0.0.1', edge.udpPort, [encodeQuery('www.example.com', 'A', { id: 7 })], 1);
    expect(decodeResponse(reply!).id).toBe(7);
  });

  it('stops answering once closed, and the port can be bound again', async () => {
    const edge = await edgeOn('127.0.0.1');
    const port = edge.udpPort;
    await edge.close();
    const replies = await burst('udp4', '127.0.0.1', port, [encodeQuery('www.example.com', 'A')], 1, 500);
    expect(replies).toEqual([]);
    const fd = await bindUdp('127.0.0.1', port);
    expect(udpAddon.boundPort(fd)).toBe(port);
    udpAddon.closeFd(fd);
  });
});
