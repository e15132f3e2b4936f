// The UDP listener: one datagram in, at most one datagram out (RFC 1035 §4.2.1). Where the
// batching addon is built (Linux with a C compiler at install), datagrams are handled in
// batches by it (recvmmsg, one JavaScript call per batch, sendmmsg); elsewhere by node:dgram.
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Logger } from '../../shared/log.js';
import type { ZoneTable } from '../index/zone-table.js';
import { writeAnswer } from '../answer.js';
import type { AnswerContext, SignedAnswerer } from '../answer.js';
import { dnsCounters } from '../metrics/dns-counters.js';
import { prefixOfAddress } from '../rrl/response-rate-limiter.js';
import type { ClientPrefix, ResponseRateLimiter } from '../rrl/response-rate-limiter.js';
import { udpAddon } from './native-udp.js';
import type { UdpAddon, UdpImplementation } from './native-udp.js';

/**
 * Room for one UDP response: ours never exceed the EDNS payload size (1,232 bytes), and the
 * question-only and header-only ones are smaller still (a question is at most 259 bytes).
 */
const OUT_SLOT_BYTES = 2048;
/** The native path asks for the same (edge/native/udp-batch.c): bursts wait while an index builds. */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

export interface UdpListener {
  readonly port: number;
  readonly implementation: UdpImplementation;
  /** Stops answering and closes the socket (the port is free on return). Idempotent. */
  close(): void;
}

async function ipLiteral(host: string): Promise<string> {
  return isIP(host) === 0 ? (await lookup(host, { family: 4 })).address : host;
}

function requireAddon(): UdpAddon {
  if (udpAddon === undefined) throw new Error('the UDP addon is not loaded: a shared UDP descriptor needs it');
  return udpAddon;
}

/** Binds a UDP socket on host:port with the addon (a name is resolved once, IPv4); returns its descriptor. Throws with `code` EADDRINUSE etc. */
export async function bindUdp(host: string, port: number): Promise<number> {
  return requireAddon().bindUdp(await ipLiteral(host), port);
}

/**
 * Binds host:port and answers every datagram from the table `current()` returns at that
 * moment, each answer passed through `rrl` (response rate limiting) when there is one; TSIG-signed
 * queries go to `signed`.
 */
export async function listenUdp(host: string, port: number, current: () => ZoneTable, log: Logger, rrl: ResponseRateLimiter | undefined, signed?: SignedAnswerer): Promise<UdpListener> {
  if (udpAddon === undefined) return listenDgram(await ipLiteral(host), port, current, log, rrl, signed);
  return serveUdp(await bindUdp(host, port), current, log, rrl, signed);
}

const faultLogger = (log: Logger) => (err: unknown): void => {
  dnsCounters.faults++;
  log.error('edge: internal fault answering a UDP query', { err });
};

/**
 * Answers the datagrams arriving on a socket bound by the addon (this process's own, or one
 * inherited from a cluster primary). Each batch is answered from the table current when it arrived.
 */
export function serveUdp(fd: number, current: () => ZoneTable, log: Logger, rrl: ResponseRateLimiter | undefined, signed?: SignedAnswerer): UdpListener {
  const addon = requireAddon();
  const { slots, metaFields, inSlotBytes } = addon.udpBatchLayout();
  const inArena = Buffer.alloc(slots * inSlotBytes);
  const outArena = Buffer.alloc(slots * OUT_SLOT_BYTES);
  const outSlots = Array.from({ length: slots }, (_, i) => outArena.subarray(i * OUT_SLOT_BYTES, (i + 1) * OUT_SLOT_BYTES));
  const meta = new Int32Array(slots * metaFields);
  const onFault = faultLogger(log);
  const onBatch = (count: number): void => {
    const table = current();
    const ipv4Client: AnswerContext = { table, tcp: false, ipv6: false, signed };
    const ipv6Client: AnswerContext = { table, tcp: false, ipv6: true, signed };
    const now = performance.now();
    for (let i = 0; i < count; i++) {
      const m = i * metaFields;
      const start = i * inSlotBytes;
      const query = inArena.subarray(start, start + meta[m]!);
      const out = outSlots[i]!;
      const length = writeAnswer(query, meta[m + 1] === 1 ? ipv6Client : ipv4Client, onFault, out, 0);
      meta[m + 2] = rrl === undefined || length === 0 ? length : rrl.limit(meta[m + 1] === 1, meta[m + 3]!, meta[m + 4]!, out, 0, length, now);
    }
  };
  const handle = addon.serveUdp(fd, inArena, outArena, meta, onBatch);
  const port = addon.boundPort(fd);
  return { port, implementation: 'native', close: () => addon.stopUdp(handle) };
}

/**
 * The portable path: a node:dgram socket, one answer per 'message' event. In a cluster worker
 * node:cluster shares one socket per address and port among the workers.
 */
export async function listenDgram(address: string, port: number, current: () => ZoneTable, log: Logger, rrl: ResponseRateLimiter | undefined, signed?: SignedAnswerer): Promise<UdpListener> {
  const socket = dgram.createSocket({ type: isIP(address) === 6 ? 'udp6' : 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // After bind, errors concern single datagrams (an ICMP report): the socket keeps serving.
  socket.on('error', (err) => log.warn('edge: UDP socket error', { err }));
  const onFault = faultLogger(log);
  const out = Buffer.alloc(OUT_SLOT_BYTES);
  const prefix: ClientPrefix = { ipv6: false, high: 0, low: 0 };
  socket.on('message', (query, peer) => {
    const ipv6 = peer.family === 'IPv6' && !peer.address.startsWith('::ffff:');
    let length = writeAnswer(query, { table: current(), tcp: false, ipv6, signed }, onFault, out, 0);
    if (rrl !== undefined && length > 0) {
      prefixOfAddress(peer.address, prefix);
      length = rrl.limit(prefix.ipv6, prefix.high, prefix.low, out, 0, length, performance.now());
    }
    // send() may complete after the next message reuses `out`: the reply gets its own copy.
    if (length > 0) socket.send(Buffer.from(out.subarray(0, length)), peer.port, peer.address);
  });
  let closed = false;
  return {
    port: socket.address().port,
    implementation: 'dgram',
    close() {
      if (closed) return;
      closed = true;
      socket.close();
    },
  };
}
