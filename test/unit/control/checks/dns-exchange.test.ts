// Tests control/checks/dns-exchange.ts over real loopback sockets against small scripted servers.
import dgram from 'node:dgram';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange } from '../../../../control/checks/dns-exchange.js';
import { parseName } from '../../../../shared/dns/name.js';
import { RRType } from '../../../../shared/dns/rr-type.js';

type UdpBehaviour = (query: dnsPacket.Packet, reply: (bytes: Buffer) => void) => void;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function answer(query: dnsPacket.Packet, flags: number, ips: string[]): Buffer {
  return dnsPacket.encode({
    id: query.id,
    type: 'response',
    flags,
    questions: query.questions,
    answers: ips.map((ip) => ({ name: 'www.example.com', type: 'A', class: 'IN', ttl: 60, data: ip })),
  });
}

async function udpServer(behaviour: UdpBehaviour, port = 0): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => behaviour(dnsPacket.decode(msg), (bytes) => socket.send(bytes, rinfo.port, rinfo.address)));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', resolve);
  });
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return (socket.address() as AddressInfo).port;
}

/** A TCP server on a free port answering with `ips`, and a UDP server on the same port. */
async function truncatingPair(ips: string[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await tcpServer(ips);
    try {
      return await udpServer((q, reply) => reply(answer(q, dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.TRUNCATED_RESPONSE, [])), port);
    } catch (err) {
      // The UDP port of that number is taken: try another pair.
      await cleanups.pop()!();
      if (attempt >= 10) throw err;
    }
  }
}

async function tcpServer(ips: string[]): Promise<number> {
  const server = net.createServer((conn) => {
    let buf = Buffer.alloc(0);
    conn.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
      const reply = answer(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))), dnsPacket.AUTHORITATIVE_ANSWER, ips);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(reply.length);
      // Split the answer in two writes: the client must reassemble segments.
      conn.write(Buffer.concat([len, reply.subarray(0, 5)]));
      setImmediate(() => conn.end(reply.subarray(5)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

const www = parseName('www.example.com.');

describe('exchange', () => {
  it('returns an authoritative UDP answer', async () => {
    const port = await udpServer((q, reply) => reply(answer(q, dnsPacket.AUTHORITATIVE_ANSWER, ['192.0.2.1'])));
    const result = await exchange({ host: '127.0.0.1', port }, www, RRType.A, 1000);
    expect(result.kind).toBe('response');
    if (result.kind !== 'response') return;
    expect(result.tcp).toBe(false);
    expect(result.message.aa).toBe(true);
    expect(result.message.answer.map((r) => [...r.rdata].join('.'))).toEqual(['192.0.2.1']);
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    const port = await truncatingPair(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
    const result = await exchange({ host: '127.0.0.1', port }, www, RRType.A, 1000);
    expect(result.kind === 'response' && result.tcp).toBe(true);
    expect(result.kind === 'response' && result.message.answer).toHaveLength(3);
  });

  it('ignores an answer with the wrong ID and takes the right one', async () => {
    const port = await udpServer((q, reply) => {
      reply(answer({ ...q, id: ((q.id ?? 0) + 1) & 0xffff }, dnsPacket.AUTHORITATIVE_ANSWER, ['203.0.113.66']));
      reply(answer(q, dnsPacket.AUTHORITATIVE_ANSWER, ['192.0.2.1']));
    });
    const result = await exchange({ host: '127.0.0.1', port }, www, RRType.A, 1000);
    expect(result.kind === 'response' && result.message.answer.map((r) => [...r.rdata].join('.'))).toEqual(['192.0.2.1']);
  });

  it('times out on a server that never answers', async () => {
    const port = await udpServer(() => undefined);
    expect(await exchange({ host: '127.0.0.1', port }, www, RRType.A, 200)).toEqual({ kind: 'timeout' });
  });

  it('reports a closed port as unreachable', async () => {
    const port = await udpServer(() => undefined);
    await cleanups.pop()!();
    const result = await exchange({ host: '127.0.0.1', port }, www, RRType.A, 2000);
    expect(result.kind).toBe('unreachable');
  });

  it('refuses an answer to another question', async () => {
    const port = await udpServer((q, reply) =>
      reply(answer({ ...q, questions: [{ name: 'evil.example.net', type: 'A', class: 'IN' }] }, dnsPacket.AUTHORITATIVE_ANSWER, ['203.0.113.66'])),
    );
    const result = await exchange({ host: '127.0.0.1', port }, www, RRType.A, 1000);
    expect(result.kind).toBe('malformed');
  });

  it('refuses a query echoed back (QR clear)', async () => {
    const port = await udpServer((q, reply) => reply(dnsPacket.encode({ ...q, type: 'query' })));
    const result = await exchange({ host: '127.0.0.1', port }, www, RRType.A, 1000);
    expect(result).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/QR clear/) });
  });
});
