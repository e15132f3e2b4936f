// AXFR over TCP (RFC 5936): the whole zone from a server that allows it, for parity's "theirs only" side.
import net from 'node:net';
import { randomInt } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { buildQuery, parseMessage } from './dns-message.js';
import type { DnsRecord } from './dns-message.js';
import type { ServerAddress } from './server-address.js';

/** The zone's records (the closing SOA left out), or why there are none. */
export type TransferResult = { readonly kind: 'zone'; readonly records: readonly DnsRecord[] } | { readonly kind: 'failed'; readonly detail: string };

/**
 * Transfers `zone` from `server` (RFC 5936 §2: one TCP connection, length-prefixed messages,
 * the zone's SOA first and again last). Most providers refuse AXFR to strangers (Route 53
 * always does); that is a `failed` result, not an error. Never throws; gives up after
 * `timeoutMs` in total.
 */
export function transferZone(server: ServerAddress, zone: Name, timeoutMs: number): Promise<TransferResult> {
  return new Promise((resolve) => {
    const query = buildQuery(randomInt(0, 0x10000), zone, RRType.AXFR);
    const records: DnsRecord[] = [];
    let soaSeen = 0;
    let buffered = Buffer.alloc(0);
    let done = false;
    const socket = net.connect({ host: server.host, port: server.port });
    const finish = (r: TransferResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', detail: `AXFR did not finish within ${timeoutMs} ms` }), timeoutMs);
    socket.on('error', (err) => finish({ kind: 'failed', detail: `AXFR: ${err.message}` }));
    socket.on('close', () => finish({ kind: 'failed', detail: 'AXFR: connection closed before the closing SOA' }));
    socket.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      socket.write(Buffer.concat([len, query]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const bytes = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + bytes.length);
        let message;
        try {
          message = parseMessage(Buffer.from(bytes));
        } catch (err) {
          finish({ kind: 'failed', detail: `AXFR: ${(err as Error).message}` });
          return;
        }
        if (message.id !== query.readUInt16BE(0)) continue;
        if (message.rcode !== 0) {
          finish({ kind: 'failed', detail: `AXFR refused (rcode ${message.rcode})` });
          return;
        }
        for (const record of message.answer) {
          if (record.type === RRType.SOA && record.name === zone) {
            soaSeen++;
            if (soaSeen === 2) {
              finish({ kind: 'zone', records });
              return;
            }
          }
          records.push(record);
        }
      }
    });
  });
}
