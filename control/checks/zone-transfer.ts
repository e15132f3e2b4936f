// AXFR over TCP (RFC 5936): the whole zone from a server that allows it, for parity's "theirs only" side.
import { randomInt } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { encodeQuery, parseMessage } from '../../shared/dns/message.js';
import type { ResourceRecord } from '../../shared/dns/message.js';
import type { ServerAddress } from './server-address.js';
import { readTcpMessages } from './tcp-messages.js';

/** The zone's records (the closing SOA left out), or why there are none. */
export type TransferResult = { readonly kind: 'zone'; readonly records: readonly ResourceRecord[] } | { readonly kind: 'failed'; readonly detail: string };

/**
 * Transfers `zone` from `server` (RFC 5936 §2: one TCP connection, length-prefixed messages,
 * the zone's SOA first and again last). Most providers refuse AXFR to strangers (Route 53
 * always does); that is a `failed` result, not an error. Never throws; gives up after
 * `timeoutMs` in total.
 */
export function transferZone(server: ServerAddress, zone: Name, timeoutMs: number): Promise<TransferResult> {
  const query = encodeQuery({ id: randomInt(0, 0x10000), qname: zone, qtype: RRType.AXFR });
  const records: ResourceRecord[] = [];
  let soaSeen = 0;
  const onMessage = (bytes: Buffer): TransferResult | undefined => {
    let message;
    try {
      message = parseMessage(bytes);
    } catch (err) {
      return { kind: 'failed', detail: `AXFR: ${(err as Error).message}` };
    }
    if (message.id !== query.readUInt16BE(0)) return undefined;
    if (message.rcode !== 0) return { kind: 'failed', detail: `AXFR refused (rcode ${message.rcode})` };
    for (const record of message.answer) {
      if (record.type === RRType.SOA && record.name === zone && ++soaSeen === 2) return { kind: 'zone', records };
      records.push(record);
    }
    return undefined;
  };
  return readTcpMessages<TransferResult>(server, query, timeoutMs, onMessage, (why) => ({
    kind: 'failed',
    detail:
      why.kind === 'timeout'
        ? `AXFR did not finish within ${timeoutMs} ms`
        : why.kind === 'error'
          ? `AXFR: ${why.detail}`
          : 'AXFR: connection closed before the closing SOA',
  }));
}
