// Robustness: the edge survives 100,000+ random and mutated UDP packets and hundreds of bad TCP streams.
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { Socket as TcpSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, sendUdp } from '../helpers/dns-client.js';
import type { Reply, Transport } from '../helpers/dns-client.js';
import type { DnsMessage } from '../../shared/dns/message.js';
import { parseMessage } from '../../shared/dns/message.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { startEdge } from '../helpers/edge-server.js';
import type { EdgeServer } from '../helpers/edge-server.js';
import { formatReply } from '../helpers/format-message.js';
import { rcodeToText } from '../../shared/dns/rcode.js';
import { mutatedPacket, validQuery } from '../helpers/packet-mutator.js';
import { createPrng } from '../helpers/prng.js';
import type { Prng } from '../helpers/prng.js';
import { compareReplies } from '../interop/compare-replies.js';
import { FIXTURE_ZONES } from '../interop/fixture-zones.js';
import type { UdpImplementation } from '../../edge/server/native-udp.js';

const UDP_PACKETS = 100_000;
const UDP_BURST = 100;
const UDP_BURST_BYTES = 32 * 1024;
const TCP_CASES = 400;
const TCP_CONCURRENCY = 16;
const HALF_OPEN = 8;
const SEED = 0x5eed;

/** Names the mutated queries start from: hits, misses, wildcards, referrals, large sets, out of zone. */
const NAMES = ['www.example.com.', 'example.com.', 'nx.example.com.', 'a.wild.example.com.', 'host.sub.example.com.', 'big.example.com.', 'huge.example.com.', 'c1.example.com.', 'loop1.example.com.', 'example.org.', 'child.parent.test.', 'www.example.net.', '.'];

interface Probe {
  readonly name: string;
  readonly qtype: number;
  readonly transport: Transport;
  readonly udpSize?: number;
  readonly check: (m: DnsMessage) => void;
}

const hasRdata = (m: DnsMessage, type: number, hex: string): boolean => m.answer.some((rr) => rr.type === type && rr.rdata.toString('hex') === hex);

/** Valid queries with answers known from the fixtures, asked before and after the abuse. */
const PROBES: readonly Probe[] = (['udp', 'tcp'] as const).flatMap((transport): Probe[] => [
  { name: 'www.example.com.', qtype: 1, transport, check: (m) => expect(m.rcode === 0 && m.aa && hasRdata(m, 1, 'c0000250')).toBe(true) },
  { name: 'WwW.ExAmPlE.CoM.', qtype: 28, transport, check: (m) => expect(m.rcode === 0 && m.aa && hasRdata(m, 28, '20010db8000000000000000000000080')).toBe(true) },
  { name: 'nx-robust.example.com.', qtype: 1, transport, check: (m) => expect(m.rcode === 3 && m.aa && m.authority.some((rr) => rr.type === 6)).toBe(true) },
  { name: 'host.sub.example.com.', qtype: 1, transport, check: (m) => expect(m.rcode === 0 && !m.aa && m.authority.some((rr) => rr.type === 2 && rr.name === 'sub.example.com.')).toBe(true) },
  { name: 'c1.example.com.', qtype: 1, transport, check: (m) => expect(m.rcode === 0 && hasRdata(m, 1, 'c0000250') && m.answer.filter((rr) => rr.type === 5).length === 3).toBe(true) },
  { name: 'www.example.net.', qtype: 1, transport, check: (m) => expect(m.rcode).toBe(5) },
  { name: 'big.example.com.', qtype: 16, transport, check: (m) => expect(transport === 'udp' ? m.tc : !m.tc && m.answer.length === 14).toBe(true) },
  { name: 'www.example.org.', qtype: 1, transport, udpSize: 1232, check: (m) => expect(m.rcode === 0 && m.aa && m.opt !== null && hasRdata(m, 1, 'cb007150')).toBe(true) },
]);

async function askProbes(port: number): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const [i, probe] of PROBES.entries()) {
    const query = encodeQuery({ id: 1000 + i, qname: probe.name, qtype: probe.qtype, ...(probe.udpSize === undefined ? {} : { edns: { udpSize: probe.udpSize } }) });
    replies.push(await exchange(port, query, probe.transport));
  }
  return replies;
}

function checkProbes(replies: readonly Reply[]): void {
  replies.forEach((reply, i) => {
    const probe = PROBES[i]!;
    const label = `${probe.transport} ${probe.name} type ${probe.qtype}`;
    expect(reply.message, `${label}: ${formatReply(reply)}`).not.toBeNull();
    expect(reply.message!.id, label).toBe(1000 + i);
    probe.check(reply.message!);
  });
}

function bindUdp(): Promise<UdpSocket> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

interface UdpStats {
  sent: number;
  replies: number;
  unparsable: string[];
  notResponses: number;
  rcodes: Map<string, number>;
  lostPings: number;
}

/**
 * Sends the UDP packets in bursts. After each burst a valid query from a second socket acts
 * as a barrier: the edge reads its socket in order, so the answer means the burst was
 * consumed (or dropped by the kernel) and the next burst does not pile onto it.
 */
async function floodUdp(port: number, prng: Prng): Promise<UdpStats> {
  const stats: UdpStats = { sent: 0, replies: 0, unparsable: [], notResponses: 0, rcodes: new Map(), lostPings: 0 };
  const socket = await bindUdp();
  socket.on('message', (msg: Buffer) => {
    stats.replies++;
    try {
      const m = parseMessage(msg);
      if (!m.qr) stats.notResponses++;
      const rcode = rcodeToText(m.rcode);
      stats.rcodes.set(rcode, (stats.rcodes.get(rcode) ?? 0) + 1);
    } catch (err) {
      if (stats.unparsable.length < 20) stats.unparsable.push(`${(err as Error).message}: ${msg.toString('hex').slice(0, 200)}`);
    }
  });
  try {
    let ping = 0;
    while (stats.sent < UDP_PACKETS) {
      const sends: Promise<void>[] = [];
      // A burst is bounded in packets and in bytes, so it fits the edge's socket buffer.
      for (let i = 0, bytesInBurst = 0; i < UDP_BURST && bytesInBurst < UDP_BURST_BYTES && stats.sent < UDP_PACKETS; i++) {
        const { bytes } = mutatedPacket(prng, NAMES);
        bytesInBurst += bytes.length;
        stats.sent++;
        sends.push(new Promise((resolve) => socket.send(bytes, port, '127.0.0.1', () => resolve())));
      }
      await Promise.all(sends);
      // A lost barrier query means the kernel dropped datagrams; ask again until it answers.
      let lostInARow = 0;
      while ((await sendUdp(port, encodeQuery({ id: ping++ & 0xffff, qname: 'www.example.com.', qtype: 1 }), 500)) === null) {
        stats.lostPings++;
        if (++lostInARow >= 20) throw new Error(`the edge stopped answering after ${stats.sent} packets`);
      }
    }
    // Let the replies to the last burst arrive before counting them.
    await sendUdp(port, validQuery(prng, NAMES), 1_000);
  } finally {
    socket.close();
  }
  return stats;
}

function frame(bytes: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(bytes.length & 0xffff);
  return Buffer.concat([prefix, bytes]);
}

/** The byte streams of the TCP cases (RFC 7766 framing abused in every way we could think of). */
function tcpStream(prng: Prng, index: number): { kind: string; bytes: Buffer; end: boolean } {
  switch (index % 8) {
    case 0:
      return { kind: 'garbage', bytes: prng.bytes(1 + prng.int(3000)), end: prng.chance(0.5) };
    case 1:
      return { kind: 'zero length frame', bytes: Buffer.concat([Buffer.from([0, 0]), frame(validQuery(prng, NAMES))]), end: false };
    case 2: {
      const claimed = 50 + prng.int(5000);
      return { kind: 'length larger than data, then close', bytes: Buffer.concat([Buffer.from([claimed >> 8, claimed & 0xff]), prng.bytes(prng.int(claimed))]), end: true };
    }
    case 3:
      return { kind: 'pipelined junk frames', bytes: Buffer.concat(Array.from({ length: 20 + prng.int(80) }, () => frame(mutatedPacket(prng, NAMES).bytes))), end: prng.chance(0.5) };
    case 4:
      return { kind: 'pipelined valid and junk frames', bytes: Buffer.concat(Array.from({ length: 10 + prng.int(40) }, () => frame(prng.chance(0.5) ? validQuery(prng, NAMES) : mutatedPacket(prng, NAMES).bytes))), end: false };
    case 5:
      return { kind: 'one byte of length', bytes: Buffer.from([prng.int(256)]), end: true };
    case 6:
      return { kind: 'maximum length frame of junk', bytes: Buffer.concat([Buffer.from([0xff, 0xff]), prng.bytes(0xffff)]), end: prng.chance(0.5) };
    default:
      return { kind: 'frame with a bad name', bytes: frame(Buffer.concat([encodeQuery({ id: 7, qname: 'x.', qtype: 1 }).subarray(0, 12), Buffer.from([0xc0, 12, 0, 1, 0, 1])])), end: false };
  }
}

/** Plays one stream and closes after the server closes or `waitMs` passes; never throws. */
function playTcp(port: number, bytes: Buffer, end: boolean, waitMs: number): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    const socket: TcpSocket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('connect', () => {
      socket.write(bytes);
      if (end) socket.end();
    });
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

async function abuseTcp(port: number, prng: Prng): Promise<Map<string, number>> {
  const streams = Array.from({ length: TCP_CASES }, (_, i) => tcpStream(prng, i));
  const answered = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < streams.length) {
      const stream = streams[next++]!;
      const received = await playTcp(port, stream.bytes, stream.end, 1_500);
      if (received > 0) answered.set(stream.kind, (answered.get(stream.kind) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: TCP_CONCURRENCY }, worker));
  return answered;
}

/** Connections that stay open saying nothing (or one byte) while the final probes run. */
function openHalfOpen(port: number): TcpSocket[] {
  return Array.from({ length: HALF_OPEN }, (_, i) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    if (i % 2 === 1) socket.on('connect', () => socket.write(Buffer.from([0])));
    return socket;
  });
}

describe.each<UdpImplementation>(['native', 'dgram'])('edge robustness against malformed input (UDP by %s)', (udpPath) => {
  let edge: EdgeServer | undefined;
  let baseline: Reply[] = [];

  beforeAll(async () => {
    // Every other zone through its journal, so both ways a zone is served take the abuse.
    edge = await startEdge(FIXTURE_ZONES, 'mixed', udpPath);
    baseline = await askProbes(edge.port);
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
  });

  it('answers the probe queries correctly before the abuse', () => {
    checkProbes(baseline);
  });

  it(`survives ${UDP_PACKETS} random and mutated UDP packets and ${TCP_CASES} bad TCP streams, then still answers correctly`, async () => {
    const port = edge!.port;
    const prng = createPrng(SEED);
    const started = Date.now();
    const udp = await floodUdp(port, prng);
    const udpSeconds = (Date.now() - started) / 1000;
    const tcp = await abuseTcp(port, prng);
    console.log(
      `robustness (${udpPath}): sent ${udp.sent} UDP packets in ${udpSeconds.toFixed(1)} s, ${udp.replies} replies (${[...udp.rcodes].map(([r, n]) => `${r} ${n}`).join(', ')}), ` +
        `${udp.lostPings} barrier queries unanswered; ${TCP_CASES} TCP streams, answered per kind: ${JSON.stringify(Object.fromEntries(tcp))}`,
    );
    expect(udp.sent, 'UDP packets sent').toBe(UDP_PACKETS);
    expect(udp.unparsable, 'replies that are not well-formed DNS messages').toEqual([]);
    expect(udp.notResponses, 'replies without QR set').toBe(0);

    const halfOpen = openHalfOpen(port);
    try {
      const after = await askProbes(port);
      checkProbes(after);
      after.forEach((reply, i) => expect(compareReplies(1000 + i, baseline[i]!, reply), PROBES[i]!.name).toEqual([]));
    } finally {
      for (const socket of halfOpen) socket.destroy();
    }
    expect(edge!.child.exitStatus()).toBeNull();
    const output = edge!.output();
    expect(output).not.toMatch(/"level":"error"/);
    expect(output).not.toMatch(/unhandled|uncaught/i);
  }, 180_000);
});
