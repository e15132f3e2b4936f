// The two exchanges with a secondary: NOTIFY (RFC 1996), signed with its TSIG key, and the SOA
// query that tells which serial it serves.
import { randomInt } from 'node:crypto';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { encodeQuery } from '../../shared/dns/message.js';
import { signMessage, splitTsig, verifyMessage } from '../../shared/dns/tsig.js';
import type { TsigKey } from '../../shared/dns/tsig.js';
import { soaSerial } from '../../shared/snapshot/zone-history.js';
import { exchange, exchangeQuery } from '../checks/dns-exchange.js';
import type { ExchangeResult } from '../checks/dns-exchange.js';
import type { ServerAddress } from '../checks/server-address.js';

const OPCODE_NOTIFY = 4;
const FLAG_AA = 0x0400;
const RCODE_NAMES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED', 9: 'NOTAUTH' };

/** What a secondary said, or why it said nothing usable. */
export type SecondaryAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function failure(result: Exclude<ExchangeResult, { kind: 'response' }>): { ok: false; error: string } {
  return { ok: false, error: result.kind === 'timeout' ? 'no answer (timeout)' : result.detail };
}

const rcodeText = (rcode: number): string => RCODE_NAMES[rcode] ?? `rcode ${rcode}`;

/**
 * Sends NOTIFY for `zone` to `server` (opcode 4, AA, the zone's SOA as question: RFC 1996 §3.7),
 * signed with `key`, and checks the answer: a NOTIFY response, NOERROR, signed back with the
 * same key over our MAC. Never throws.
 */
export async function sendNotify(server: ServerAddress, zone: Name, key: TsigKey, timeoutMs: number, now: () => number): Promise<SecondaryAnswer<true>> {
  const unsigned = encodeQuery({ id: randomInt(0, 0x10000), qname: zone, qtype: RRType.SOA, opcode: OPCODE_NOTIFY });
  unsigned.writeUInt16BE(unsigned.readUInt16BE(2) | FLAG_AA, 2);
  const request = signMessage(unsigned, key, { now: now() });
  const result = await exchangeQuery(server, request.message, zone, RRType.SOA, timeoutMs);
  if (result.kind !== 'response') return failure(result);
  if (result.message.opcode !== OPCODE_NOTIFY) return { ok: false, error: `the answer is not a NOTIFY response (opcode ${result.message.opcode})` };
  let signed;
  try {
    signed = splitTsig(result.bytes);
  } catch (err) {
    return { ok: false, error: `the answer's TSIG record does not read: ${(err as Error).message}` };
  }
  if (signed === undefined) return { ok: false, error: `${rcodeText(result.message.rcode)}, unsigned (does the secondary know key ${key.name}?)` };
  const verdict = verifyMessage(signed, (name) => (name === key.name ? key : undefined), now(), { prior: request.mac });
  if (!verdict.ok) return { ok: false, error: `the answer's TSIG does not verify with key ${key.name} (error ${verdict.error})` };
  if (result.message.rcode !== 0) return { ok: false, error: `NOTIFY answered ${rcodeText(result.message.rcode)}` };
  return { ok: true, value: true };
}

/** The SOA serial `server` serves for `zone` (an authoritative answer), or why there is none. Never throws. */
export async function servedSerial(server: ServerAddress, zone: Name, timeoutMs: number): Promise<SecondaryAnswer<number>> {
  const result = await exchange(server, zone, RRType.SOA, timeoutMs);
  if (result.kind !== 'response') return failure(result);
  const { message } = result;
  if (message.rcode !== 0) return { ok: false, error: `SOA query answered ${rcodeText(message.rcode)} (the secondary does not serve the zone)` };
  const soa = message.answer.find((r) => r.type === RRType.SOA && r.name === zone);
  if (!message.aa || soa === undefined) return { ok: false, error: 'the secondary does not answer authoritatively for the zone yet' };
  return { ok: true, value: soaSerial(soa.rdata) };
}
