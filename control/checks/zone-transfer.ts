// AXFR over TCP (RFC 5936): the whole zone from a server that allows it, for parity's "theirs only" side and import by AXFR.
import { randomInt } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { encodeQuery, parseMessage } from '../../shared/dns/message.js';
import type { ResourceRecord } from '../../shared/dns/message.js';
import type { ServerAddress } from './server-address.js';
import { signMessage, splitTsig, verifyMessage } from '../../shared/dns/tsig.js';
import type { TsigKey } from '../../shared/dns/tsig.js';
import { readTcpMessages } from './tcp-messages.js';

/** The zone's records (the closing SOA left out), or why there are none. */
export type TransferResult = { readonly kind: 'zone'; readonly records: readonly ResourceRecord[] } | { readonly kind: 'failed'; readonly detail: string };

const RCODE_NAMES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 5: 'REFUSED', 9: 'NOTAUTH' };
/** RFC 8945 §5.3.1: a client accepts up to 99 unsigned messages between signed ones. */
const MAX_UNSIGNED_RUN = 99;

/**
 * Transfers `zone` from `server` (RFC 5936 §2: one TCP connection, length-prefixed messages,
 * the zone's SOA first and again last). Most providers refuse AXFR to strangers (Route 53
 * always does); that is a `failed` result, not an error. With `key` the request is signed and
 * every signed message of the answer verified over the ones before it (RFC 8945 §5.3.1: at
 * most 99 unsigned in a row, the last one signed). Never throws; gives up after `timeoutMs` in total.
 */
export function transferZone(server: ServerAddress, zone: Name, timeoutMs: number, key?: TsigKey): Promise<TransferResult> {
  const unsignedQuery = encodeQuery({ id: randomInt(0, 0x10000), qname: zone, qtype: RRType.AXFR });
  const request = key === undefined ? undefined : signMessage(unsignedQuery, key, { now: Math.floor(Date.now() / 1000) });
  const query = request?.message ?? unsignedQuery;
  const records: ResourceRecord[] = [];
  let soaSeen = 0;
  let prior = request?.mac;
  let firstSigned = true;
  let unsignedRun: Buffer[] = [];
  /** Undefined when the message is acceptable; otherwise why not. */
  const checkSignature = (bytes: Buffer): string | undefined => {
    if (key === undefined) return undefined;
    let signed;
    try {
      signed = splitTsig(bytes);
    } catch (err) {
      return `AXFR: a TSIG record that does not read: ${(err as Error).message}`;
    }
    if (signed === undefined) {
      if (firstSigned) return `AXFR: the answer is not signed (does the server know key ${key.name}?)`;
      unsignedRun.push(bytes);
      return unsignedRun.length > MAX_UNSIGNED_RUN ? 'AXFR: more than 99 unsigned messages in a row' : undefined;
    }
    const covered = { ...signed, unsigned: Buffer.concat([...unsignedRun, signed.unsigned]) };
    const verdict = verifyMessage(covered, (name) => (name === key.name ? key : undefined), Math.floor(Date.now() / 1000), { prior: prior!, timersOnly: !firstSigned });
    if (!verdict.ok) return `AXFR: a message's TSIG does not verify with key ${key.name} (error ${verdict.error})`;
    prior = signed.tsig.mac;
    firstSigned = false;
    unsignedRun = [];
    return undefined;
  };
  const onMessage = (bytes: Buffer): TransferResult | undefined => {
    let message;
    try {
      message = parseMessage(bytes);
    } catch (err) {
      return { kind: 'failed', detail: `AXFR: ${(err as Error).message}` };
    }
    if (message.id !== query.readUInt16BE(0)) return undefined;
    if (message.rcode !== 0) return { kind: 'failed', detail: `AXFR refused (${RCODE_NAMES[message.rcode] ?? `rcode ${message.rcode}`})` };
    const bad = checkSignature(bytes);
    if (bad !== undefined) return { kind: 'failed', detail: bad };
    for (const record of message.answer) {
      if (record.type === RRType.SOA && record.name === zone && ++soaSeen === 2) {
        return key !== undefined && unsignedRun.length > 0 ? { kind: 'failed', detail: 'AXFR: the last message is not signed' } : { kind: 'zone', records };
      }
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
