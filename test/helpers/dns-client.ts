// A raw DNS client over UDP and TCP (RFC 1035 §4.2, RFC 7766 §8): sends bytes, returns bytes and a parsed message.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { parseMessage } from '../../shared/dns/message.js';
import type { DnsMessage } from '../../shared/dns/message.js';

export type Transport = 'udp' | 'tcp';

/** What came back for one query: nothing, bytes that did not parse, or a parsed message. */
export interface Reply {
  readonly bytes: Buffer | null;
  readonly message: DnsMessage | null;
  readonly parseError: string | null;
}

export interface ExchangeOptions {
  readonly host?: string;
  /** How long to wait for each attempt (default 2 s). */
  readonly timeoutMs?: number;
  /** UDP attempts before giving up (default 3); TCP always tries once. */
  readonly attempts?: number;
}

/** Sends one datagram and resolves with the first datagram back, or null after `timeoutMs`. */
export function sendUdp(port: number, query: Buffer, timeoutMs: number, host = '127.0.0.1'): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const finish = (value: Buffer | null, err?: Error): void => {
      clearTimeout(timer);
      socket.close();
      if (err !== undefined) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on('message', (msg) => finish(msg));
    socket.on('error', (err) => finish(null, err));
    socket.send(query, port, host);
  });
}

/**
 * Sends one length-prefixed query over a new TCP connection and resolves with the first
 * complete response frame, or null if the server closes first or `timeoutMs` passes.
 */
export function sendTcp(port: number, query: Buffer, timeoutMs: number, host = '127.0.0.1'): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (value: Buffer | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on('connect', () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.length);
      socket.write(Buffer.concat([prefix, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2) {
        const length = received.readUInt16BE(0);
        if (received.length >= 2 + length) finish(Buffer.from(received.subarray(2, 2 + length)));
      }
    });
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(null));
  });
}

/**
 * Writes all `queries` at once on one TCP connection (RFC 7766 §6.2.1.1 pipelining) and
 * resolves with every response frame received, in arrival order, once `queries.length`
 * frames have arrived, the server closes, or `timeoutMs` passes.
 */
export function sendTcpPipelined(port: number, queries: readonly Buffer[], timeoutMs: number, host = '127.0.0.1'): Promise<Buffer[]> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const frames: Buffer[] = [];
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(frames);
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => {
      socket.write(
        Buffer.concat(
          queries.map((q) => {
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(q.length);
            return Buffer.concat([prefix, q]);
          }),
        ),
      );
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      while (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        const length = received.readUInt16BE(0);
        frames.push(Buffer.from(received.subarray(2, 2 + length)));
        received = received.subarray(2 + length);
      }
      if (frames.length >= queries.length) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

/** Wraps raw reply bytes as a Reply, keeping the parse error instead of throwing it. */
export function toReply(bytes: Buffer | null): Reply {
  if (bytes === null) return { bytes, message: null, parseError: null };
  try {
    return { bytes, message: parseMessage(bytes), parseError: null };
  } catch (err) {
    return { bytes, message: null, parseError: (err as Error).message };
  }
}

/**
 * Sends `query` to a server and returns what came back. Over UDP a missing reply is retried
 * up to `attempts` times, since loopback datagrams can still be dropped under load.
 */
export async function exchange(port: number, query: Buffer, transport: Transport, options: ExchangeOptions = {}): Promise<Reply> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  if (transport === 'tcp') return toReply(await sendTcp(port, query, timeoutMs, options.host));
  const attempts = options.attempts ?? 3;
  for (let i = 0; i < attempts; i++) {
    const bytes = await sendUdp(port, query, timeoutMs, options.host);
    if (bytes !== null) return toReply(bytes);
  }
  return toReply(null);
}
