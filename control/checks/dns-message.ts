// The resolver's wire codec: builds iterative queries and parses responses (RFC 1035 §4.1).
import { nameToWire, readWireName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType, CLASS_IN } from '../../shared/dns/rr-type.js';

/** Our advertised EDNS UDP payload size (RFC 6891 §6.2.5; 1232 avoids IP fragmentation). */
export const EDNS_PAYLOAD = 1232;

/** One resource record. `rdata` is uncompressed, with the names of well-known types lower-cased. */
export interface DnsRecord {
  readonly name: Name;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** A parsed response. `rcode` includes the EDNS extended bits (RFC 6891 §6.1.3). */
export interface DnsMessage {
  readonly id: number;
  readonly qr: boolean;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rcode: number;
  readonly question: { readonly name: Name; readonly type: number } | undefined;
  readonly answer: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
}

/** Thrown for bytes that are not a well-formed DNS message. */
export class DnsMessageError extends Error {
  override name = 'DnsMessageError';
}

export const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/**
 * A non-recursive query (RD clear: we iterate ourselves) for one name and type, class IN, with
 * an EDNS OPT record advertising EDNS_PAYLOAD so large answers need no TCP retry.
 */
export function buildQuery(id: number, name: Name, type: number): Buffer {
  const qname = nameToWire(name);
  const out = Buffer.alloc(12 + qname.length + 4 + 11);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(0, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(1, 10);
  qname.copy(out, 12);
  let o = 12 + qname.length;
  out.writeUInt16BE(type, o);
  out.writeUInt16BE(CLASS_IN, o + 2);
  o += 4;
  out[o] = 0; // root owner
  out.writeUInt16BE(RRType.OPT, o + 1);
  out.writeUInt16BE(EDNS_PAYLOAD, o + 3);
  return out;
}

// Where names sit inside RDATA of the types whose names may be compressed (RFC 3597 §4) or
// that carry names we compare case-insensitively: fixed octets before the names, how many
// names, and whether fixed octets follow them.
const NAME_LAYOUT = new Map<number, { readonly prefix: number; readonly names: number; readonly suffix: boolean }>([
  [RRType.NS, { prefix: 0, names: 1, suffix: false }],
  [RRType.CNAME, { prefix: 0, names: 1, suffix: false }],
  [RRType.PTR, { prefix: 0, names: 1, suffix: false }],
  [RRType.DNAME, { prefix: 0, names: 1, suffix: false }],
  [RRType.MX, { prefix: 2, names: 1, suffix: false }],
  [RRType.SRV, { prefix: 6, names: 1, suffix: false }],
  [RRType.SOA, { prefix: 0, names: 2, suffix: true }],
]);

function readRdata(msg: Buffer, type: number, start: number, end: number): Buffer {
  const layout = NAME_LAYOUT.get(type);
  if (layout === undefined) return Buffer.from(msg.subarray(start, end));
  const parts: Buffer[] = [msg.subarray(start, start + layout.prefix)];
  let o = start + layout.prefix;
  for (let i = 0; i < layout.names; i++) {
    const { name, next } = readWireName(msg, o);
    parts.push(nameToWire(name));
    o = next;
  }
  if (o > end) throw new DnsMessageError(`type ${type} RDATA runs past its length`);
  if (layout.suffix) parts.push(msg.subarray(o, end));
  else if (o !== end) throw new DnsMessageError(`type ${type} RDATA has ${end - o} stray octets`);
  return Buffer.concat(parts);
}

/**
 * Parses a response. Names (owners and the names inside NS, CNAME, PTR, DNAME, MX, SRV, SOA
 * RDATA) are decompressed and lower-cased, so RDATA compares byte-for-byte with ours. The OPT
 * pseudo-record is consumed (its extended rcode folded into `rcode`), not listed.
 * Throws DnsMessageError (or NameError) on malformed bytes.
 */
export function parseMessage(msg: Buffer): DnsMessage {
  if (msg.length < 12) throw new DnsMessageError('message shorter than a DNS header');
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  const counts = [msg.readUInt16BE(4), msg.readUInt16BE(6), msg.readUInt16BE(8), msg.readUInt16BE(10)] as const;
  let o = 12;
  let question: DnsMessage['question'];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readWireName(msg, o);
    if (next + 4 > msg.length) throw new DnsMessageError('question runs past the end');
    if (i === 0) question = { name, type: msg.readUInt16BE(next) };
    o = next + 4;
  }
  let extended = 0;
  const sections: DnsRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const { name, next } = readWireName(msg, o);
      if (next + 10 > msg.length) throw new DnsMessageError('record header runs past the end');
      const type = msg.readUInt16BE(next);
      const cls = msg.readUInt16BE(next + 2);
      const ttl = msg.readUInt32BE(next + 4);
      const len = msg.readUInt16BE(next + 8);
      const start = next + 10;
      if (start + len > msg.length) throw new DnsMessageError('RDATA runs past the end');
      if (type === RRType.OPT) extended = ttl >>> 24;
      else sections[s]!.push({ name, type, class: cls, ttl, rdata: readRdata(msg, type, start, start + len) });
      o = start + len;
    }
  }
  return {
    id,
    qr: (flags & 0x8000) !== 0,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rcode: (extended << 4) | (flags & 0x000f),
    question,
    answer: sections[0]!,
    authority: sections[1]!,
    additional: sections[2]!,
  };
}
