// The TCP listener per RFC 7766: 2-byte length framing, many queries per connection answered
// in order as each arrives (pipelining), messages split across segments, an idle timeout and
// a connection limit.
import net from 'node:net';
import type { Logger } from '../../shared/log.js';
import type { ZoneTable } from '../index/zone-table.js';
import { MAX_MESSAGE_SIZE, writeAnswer } from '../answer.js';
import type { SignedAnswerer } from '../answer.js';
import { dnsCounters } from '../metrics/dns-counters.js';
import { HEADER_LENGTH } from '../encode.js';
import { Rcode } from '../../shared/dns/rcode.js';
import { parseTransferRequest } from '../transfer/transfer-request.js';
import { serveTransfer } from '../transfer/serve-transfer.js';
import type { TransferKeys } from '../transfer/transfer-keys.js';
import type { TransferSlots } from '../transfer/transfer-slots.js';

/**
 * Each answer is written here behind its RFC 7766 §8 length prefix, then copied out once as
 * the frame to send (answering is synchronous, so every connection can share it).
 */
const frame = Buffer.allocUnsafe(2 + MAX_MESSAGE_SIZE);

/** True for IPv6 clients; an IPv4 client seen through a dual-stack socket (::ffff:a.b.c.d) is IPv4. */
function isIpv6Client(family: string | undefined, address: string | undefined): boolean {
  return family === 'IPv6' && !(address ?? '').startsWith('::ffff:');
}

/** NSD closes a TCP connection whose next message could not even hold a root-name question. */
const MIN_TCP_MESSAGE = HEADER_LENGTH + 1 + 4;

export interface TcpOptions {
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  /** Signed zone transfers (AXFR, IXFR) from the files in `snapshotsDir`, with the keys the control plane wrote there; none when left out. */
  readonly transfers?: { readonly snapshotsDir: string; readonly keys: TransferKeys; readonly slots: TransferSlots };
  /** Answers other TSIG-signed queries (with the same keys). */
  readonly signed?: SignedAnswerer;
}

export interface TcpListener {
  readonly port: number;
  /** Stops accepting, closes every open connection, resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * Listens for DNS over TCP on host:port (0 picks a free port). A connection is closed when it
 * is idle for `idleTimeoutMs` (RFC 7766 §6.2.3) or announces a message too short to hold a
 * question (as NSD does); connections beyond `maxConnections` are closed on arrival.
 */
export function listenTcp(host: string, port: number, current: () => ZoneTable, log: Logger, options: TcpOptions): Promise<TcpListener> {
  const open = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    serveConnection(socket, current, log, options);
  });
  server.maxConnections = options.maxConnections;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of open) socket.destroy();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      server.on('error', (err) => log.error('edge: TCP server error', { err }));
      resolve({ port: (server.address() as net.AddressInfo).port, close });
    });
  });
}

function serveConnection(socket: net.Socket, current: () => ZoneTable, log: Logger, options: TcpOptions): void {
  const ipv6 = isIpv6Client(socket.remoteFamily, socket.remoteAddress);
  const onFault = (err: unknown): void => {
    dnsCounters.faults++;
    log.error('edge: internal fault answering a TCP query', { err });
  };
  let pending: Buffer = Buffer.alloc(0);
  /** A transfer is being sent: later messages wait for it (answers stay in order), and reading stops meanwhile. */
  let transferring = false;
  socket.setTimeout(options.idleTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    // The answers to every query in this chunk leave in one write (pipelined clients send many).
    socket.cork();
    try {
      answerFrames();
    } finally {
      socket.uncork();
    }
  });

  /** Sends one message of a transfer; resolves once the socket took it (waiting for 'drain'), rejects when it closed. */
  const sendFramed = (message: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      if (socket.destroyed) return reject(new Error('the connection closed'));
      const framed = Buffer.allocUnsafe(2 + message.length);
      framed.writeUInt16BE(message.length, 0);
      message.copy(framed, 2);
      if (socket.write(framed)) return resolve();
      const done = (): void => {
        socket.off('drain', done);
        socket.off('close', done);
        if (socket.destroyed) reject(new Error('the connection closed'));
        else resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });

  /** Streams the transfer `message` asks for, then goes on with the messages that came meanwhile. */
  function transfer(request: Exclude<ReturnType<typeof parseTransferRequest>, 'malformed' | undefined>, transfers: NonNullable<TcpOptions['transfers']>): void {
    transferring = true;
    socket.pause();
    // Waiting for a slot behind other transfers is not idling; once streaming, a client that stops reading is.
    socket.setTimeout(0);
    const streaming = (): void => void socket.setTimeout(options.idleTimeoutMs);
    const ctx = { table: current(), snapshotsDir: transfers.snapshotsDir, keys: transfers.keys, slots: transfers.slots, log, streaming, now: () => Math.floor(Date.now() / 1000) };
    serveTransfer(request, sendFramed, ctx)
      .catch((err: unknown) => {
        if (socket.destroyed) return;
        onFault(err);
        socket.destroy();
      })
      .finally(() => {
        transferring = false;
        if (socket.destroyed) return;
        socket.resume();
        socket.cork();
        try {
          answerFrames();
        } finally {
          socket.uncork();
        }
      });
  }

  /** Answers every complete message in `pending`, in order (RFC 7766 §6.2.1.1 allows any order). */
  function answerFrames(): void {
    while (!transferring && pending.length >= 2) {
      const messageLength = pending.readUInt16BE(0);
      if (messageLength < MIN_TCP_MESSAGE) {
        socket.destroy();
        return;
      }
      if (pending.length < 2 + messageLength) break;
      const message = pending.subarray(2, 2 + messageLength);
      pending = pending.subarray(2 + messageLength);
      const request = options.transfers === undefined ? undefined : parseTransferRequest(message);
      if (request === 'malformed') {
        // A signed transfer request that does not read: FORMERR, as for any malformed query.
        const formErr = Buffer.alloc(2 + HEADER_LENGTH);
        formErr.writeUInt16BE(HEADER_LENGTH, 0);
        formErr.writeUInt16BE(message.readUInt16BE(0), 2);
        formErr.writeUInt16BE(0x8000 | Rcode.FormErr, 4);
        socket.write(formErr);
        continue;
      }
      if (request !== undefined) {
        transfer(request, options.transfers!);
        return;
      }
      const length = writeAnswer(message, { table: current(), tcp: true, ipv6, signed: options.signed }, onFault, frame, 2);
      if (length === 0) continue;
      frame.writeUInt16BE(length, 0);
      // Stop reading while the client is not reading its answers, so memory stays bounded.
      if (!socket.write(Buffer.from(frame.subarray(0, 2 + length)))) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    }
  }
}
