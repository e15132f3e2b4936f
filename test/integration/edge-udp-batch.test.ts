// Both UDP paths (the batching addon, edge/native/udp-batch.c, and node:dgram, behind
// edge/server/udp.ts) on real sockets: bursts larger than one batch, each reply to its own
// sender, the client's address family, whole large datagrams, a busy port reported as
// EADDRINUSE; and the addon's life cycle: stop twice, stop during a batch, bind errors.
// test/integration/edge-udp-asan.test.ts runs this file against an AddressSanitizer build.
import dgram from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { buildZoneIndex } from '../../edge/index/zone-builder.js';
import { silentLogger } from '../../shared/log.js';
import { bindUdp, listenDgram, serveUdp } from '../../edge/server/udp.js';
import { udpAddon } from '../../edge/server/native-udp.js';
import type { UdpAddon, UdpImplementation } from '../../edge/server/native-udp.js';
import { ZoneTable } from '../../edge/index/zone-table.js';
import { decodeResponse, encodeQuery, zoneFromText } from '../unit/edge/edge-fixture.js';
import { EXAMPLE_COM } from '../unit/edge/zones.js';

const silent = silentLogger;

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

/** The addon this process loaded; the test suite builds it (npm install) or is given a sanitizer build. */
function addon(): UdpAddon {
  if (udpAddon === undefined) throw new Error('the UDP addon is not loaded: build it with npm install (DNSCOVE_UDP=dgram must not be set here)');
  return udpAddon;
}

describe.each<UdpImplementation>(['native', 'dgram'])('edge UDP (%s)', (implementation) => {
  const table = new ZoneTable([buildZoneIndex(zoneFromText(EXAMPLE_COM))]);
  const edges: { close(): Promise<void> }[] = [];

  afterAll(async () => {
    await Promise.all(edges.map((e) => e.close()));
  });

  /** A UDP listener of this suite's kind on `host`, port 0, answering from the example zone. */
  async function edgeOn(host: string): Promise<{ udpPort: number; close(): Promise<void> }> {
    const current = () => table;
    const listener = implementation === 'native' ? serveUdp(await bindUdp(host, 0), current, silent, undefined) : await listenDgram(host, 0, current, silent, undefined);
    expect(listener.implementation).toBe(implementation);
    const edge = { udpPort: listener.port, close: async () => listener.close() };
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
    await expect(listenDgram('127.0.0.1', edge.udpPort, () => table, silent, undefined)).rejects.toMatchObject({ code: 'EADDRINUSE' });
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
    expect(addon().boundPort(fd)).toBe(port);
    addon().closeFd(fd);
  });
});

describe('the UDP addon life cycle', () => {
  const { slots, metaFields, inSlotBytes } = addon().udpBatchLayout();
  const arenas = () => ({ inArena: Buffer.alloc(slots * inSlotBytes), outArena: Buffer.alloc(slots * 2048), meta: new Int32Array(slots * metaFields) });
  const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

  it('stops twice, also after libuv has closed the handle, and frees the port at the first stop', async () => {
    const fd = await bindUdp('127.0.0.1', 0);
    const port = addon().boundPort(fd);
    const { inArena, outArena, meta } = arenas();
    const handle = addon().serveUdp(fd, inArena, outArena, meta, () => undefined);
    addon().stopUdp(handle);
    addon().stopUdp(handle);
    await nextTurn();
    addon().stopUdp(handle);
    const again = await bindUdp('127.0.0.1', port);
    addon().closeFd(again);
  });

  it('stops during a batch: the batch is not answered, nothing more is read, and a later stop is harmless', async () => {
    const fd = await bindUdp('127.0.0.1', 0);
    const port = addon().boundPort(fd);
    const { inArena, outArena, meta } = arenas();
    let batches = 0;
    const handle = addon().serveUdp(fd, inArena, outArena, meta, (count) => {
      batches++;
      addon().stopUdp(handle);
      // Written after the stop: must not be sent on the closed socket.
      for (let i = 0; i < count; i++) meta[i * metaFields + 2] = answerQueryInto(inArena.subarray(i * inSlotBytes, i * inSlotBytes + meta[i * metaFields]!), outArena.subarray(i * 2048));
    });
    const replies = await burst('udp4', '127.0.0.1', port, Array.from({ length: 10 }, (_, i) => encodeQuery('www.example.com', 'A', { id: i })), 1, 500);
    expect(replies).toEqual([]);
    expect(batches).toBe(1);
    await nextTurn();
    addon().stopUdp(handle);
  });

  it('reports bind errors with their code and takes no descriptor', async () => {
    await expect(bindUdp('192.0.2.1', 0)).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
    expect(() => addon().bindUdp('not-an-address', 0)).toThrow(/not an IPv4 or IPv6 literal/);
    expect(() => addon().bindUdp('127.0.0.1', 70_000)).toThrow(TypeError);
    const fd = await bindUdp('127.0.0.1', 0);
    const { inArena, meta } = arenas();
    // Arenas of the wrong size are refused before the descriptor is taken: it is still open.
    expect(() => addon().serveUdp(fd, inArena, Buffer.alloc(10), meta, () => undefined)).toThrow(TypeError);
    expect(addon().boundPort(fd)).toBeGreaterThan(0);
    addon().closeFd(fd);
  });
});

/** Echoes the query's header with QR set: any non-empty reply would show the stopped socket sent it. */
function answerQueryInto(query: Buffer, out: Buffer): number {
  query.copy(out, 0, 0, 12);
  out[2] = out[2]! | 0x80;
  return 12;
}
