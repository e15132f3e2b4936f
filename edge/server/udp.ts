// The UDP listener: one datagram in, at most one datagram out (RFC 1035 §4.2.1), handled in
// batches by the native addon (recvmmsg, one JavaScript call per batch, sendmmsg).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Logger } from '../log.js';
import type { ZoneTable } from '../index/zone-table.js';
import { writeAnswer } from '../answer.js';
import type { AnswerContext } from '../answer.js';
import { udpAddon } from './native-udp.js';

/**
 * Room for one UDP response: ours never exceed the EDNS payload size (1,232 bytes), and the
 * question-only and header-only ones are smaller still (a question is at most 259 bytes).
 */
const OUT_SLOT_BYTES = 2048;

export interface UdpListener {
  readonly port: number;
  /** Stops answering and closes the socket (the port is free on return). Idempotent. */
  close(): void;
}

/** Binds a UDP socket on host:port (a name is resolved once, IPv4); returns its descriptor. Throws with `code` EADDRINUSE etc. */
export async function bindUdp(host: string, port: number): Promise<number> {
  const address = isIP(host) === 0 ? (await lookup(host, { family: 4 })).address : host;
  return udpAddon.bindUdp(address, port);
}

/** Binds host:port and answers every datagram from the table `current()` returns at that moment. */
export async function listenUdp(host: string, port: number, current: () => ZoneTable, log: Logger): Promise<UdpListener> {
  return serveUdp(await bindUdp(host, port), current, log);
}

/**
 * Answers the datagrams arriving on a bound socket (this process's own, or one inherited from
 * a cluster primary). Each batch is answered from the table current when it arrived.
 */
export function serveUdp(fd: number, current: () => ZoneTable, log: Logger): UdpListener {
  const { slots, metaFields, inSlotBytes } = udpAddon.udpBatchLayout();
  const inArena = Buffer.alloc(slots * inSlotBytes);
  const outArena = Buffer.alloc(slots * OUT_SLOT_BYTES);
  const outSlots = Array.from({ length: slots }, (_, i) => outArena.subarray(i * OUT_SLOT_BYTES, (i + 1) * OUT_SLOT_BYTES));
  const meta = new Int32Array(slots * metaFields);
  const onFault = (err: unknown): void => log.error('edge: internal fault answering a UDP query', { err });
  const onBatch = (count: number): void => {
    const table = current();
    const ipv4Client: AnswerContext = { table, tcp: false, ipv6: false };
    const ipv6Client: AnswerContext = { table, tcp: false, ipv6: true };
    for (let i = 0; i < count; i++) {
      const m = i * metaFields;
      const start = i * inSlotBytes;
      const query = inArena.subarray(start, start + meta[m]!);
      meta[m + 2] = writeAnswer(query, meta[m + 1] === 1 ? ipv6Client : ipv4Client, onFault, outSlots[i]!, 0);
    }
  };
  const handle = udpAddon.serveUdp(fd, inArena, outArena, meta, onBatch);
  const port = udpAddon.boundPort(fd);
  return { port, close: () => udpAddon.stopUdp(handle) };
}
