// One TCP connection to a DNS server: a query out and its length-prefixed replies in (RFC 1035 §4.2.2, RFC 7766 §8).
import net from 'node:net';
import type { ServerAddress } from './server-address.js';

/** Why a connection ended before the reader had what it wanted. */
export type TcpEnd = { readonly kind: 'timeout' } | { readonly kind: 'error'; readonly detail: string } | { readonly kind: 'closed' };

/**
 * Connects, sends `query` framed, and hands every framed reply message to `onMessage` until it
 * returns a value (undefined: keep reading); that value is the result. A timeout (`timeoutMs`
 * for the whole exchange), a socket error or the server closing first gives `onEnd(why)`.
 * Never rejects; the socket is closed when the promise settles.
 */
export function readTcpMessages<T>(
  server: ServerAddress,
  query: Buffer,
  timeoutMs: number,
  onMessage: (bytes: Buffer) => T | undefined,
  onEnd: (why: TcpEnd) => T,
): Promise<T> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    let done = false;
    const finish = (result: T): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(onEnd({ kind: 'timeout' })), timeoutMs);
    socket.on('error', (err) => finish(onEnd({ kind: 'error', detail: err.message })));
    socket.on('close', () => finish(onEnd({ kind: 'closed' })));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!done && buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const bytes = Buffer.from(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        buffered = buffered.subarray(2 + bytes.length);
        const result = onMessage(bytes);
        if (result !== undefined) finish(result);
      }
    });
  });
}
