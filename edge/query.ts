// Parses a DNS query straight from its bytes (no full decode) into what the answer step needs,
// applying NSD 4.6's order of checks (query.c query_process): header, opcode, question,
// counts, EDNS (RFC 6891), class and transfer types.
import { MAX_NAME_LENGTH } from '../shared/dns/name.js';
import { Rcode } from '../shared/dns/rcode.js';
import { RRType } from '../shared/dns/rr-type.js';
import { TSIG_TYPE } from '../shared/dns/tsig.js';
import { HEADER_LENGTH } from './encode.js';
import { keyFromWireBytes } from './name-key.js';
import type { NameKey } from './name-key.js';

export const Opcode = { Query: 0, Notify: 4 } as const;
export const Flag = { QR: 0x8000, AA: 0x0400, TC: 0x0200, RD: 0x0100, AD: 0x0020 } as const;


/** The EDNS0 OPT record of a query (RFC 6891 §6.1.2). */
export interface EdnsInfo {
  readonly udpSize: number;
  readonly version: number;
  readonly dnssecOk: boolean;
}

export interface QueryQuestion {
  readonly id: number;
  readonly flags: number;
  /** The question exactly as sent (name, type, class), echoed back byte for byte. */
  readonly question: Buffer;
  /** The qname, lower-cased. */
  readonly key: NameKey;
  readonly qtype: number;
  readonly qclass: number;
}

export type ParsedQuery =
  /** Too short for a header, or a response (QR=1): no answer at all. */
  | { readonly kind: 'drop' }
  /** Answered with the header only (NSD query_error): the flags are final, no question. */
  | { readonly kind: 'header-only'; readonly id: number; readonly flags: number; readonly edns: EdnsInfo | null }
  /** A NOTIFY (RFC 1996): we take none, so it is refused for our zones, NXDOMAIN otherwise. */
  | ({ readonly kind: 'notify' } & QueryQuestion)
  /** EDNS version above 0: BADVERS (RFC 6891 §6.1.3). */
  | ({ readonly kind: 'badvers' } & QueryQuestion)
  | ({ readonly kind: 'query'; readonly edns: EdnsInfo | null } & QueryQuestion)
  /** A query with a TSIG record last (RFC 8945): verified, and its answer signed, by the transfer keys. */
  | ({ readonly kind: 'signed' } & QueryQuestion);


function formErr(id: number, flags: number): ParsedQuery {
  // NSD query_formerr keeps RD and the opcode, clears the rest.
  return { kind: 'header-only', id, flags: Flag.QR | (flags & 0x7800) | (flags & Flag.RD) | Rcode.FormErr, edns: null };
}

/** Checks a question name (no compression allowed, as in NSD); returns the offset just past it, or -1. */
function qnameEnd(buf: Buffer, offset: number): number {
  let pos = offset;
  for (;;) {
    if (pos >= buf.length) return -1;
    const len = buf[pos]!;
    if (len === 0) return pos + 1;
    if ((len & 0xc0) !== 0 || pos + len + 2 > buf.length || pos + len + 2 - offset > MAX_NAME_LENGTH) return -1;
    pos += len + 1;
  }
}

/** Skips one RR (owner possibly compressed); returns the offset after it, or -1. */
function skipRecord(buf: Buffer, offset: number): number {
  let pos = offset;
  for (;;) {
    if (pos >= buf.length) return -1;
    const len = buf[pos]!;
    if (len === 0) {
      pos += 1;
      break;
    }
    if ((len & 0xc0) !== 0) {
      pos += 2;
      break;
    }
    pos += len + 1;
  }
  if (pos + 10 > buf.length) return -1;
  const end = pos + 10 + buf.readUInt16BE(pos + 8);
  return end > buf.length ? -1 : end;
}

/** The type of the RR at `offset` (owner possibly compressed), or -1 when it does not read. */
function recordTypeAt(buf: Buffer, offset: number): number {
  const end = skipRecord(buf, offset);
  if (end < 0) return -1;
  let pos = offset;
  while (buf[pos] !== 0 && (buf[pos]! & 0xc0) === 0) pos += buf[pos]! + 1;
  return buf.readUInt16BE(buf[pos] === 0 ? pos + 1 : pos + 2);
}

/**
 * Reads an OPT RR at `offset` (root owner, type 41); null when the RR there is not one, and
 * 'malformed' (FORMERR) when its RDATA or an option runs past the end (RFC 6891 §6.1.2), as
 * in NSD edns_parse_record. A version other than 0 is reported before the RDATA is looked at.
 */
function readOpt(buf: Buffer, offset: number): { edns: EdnsInfo; end: number } | 'malformed' | null {
  if (offset + 11 > buf.length || buf[offset] !== 0 || buf.readUInt16BE(offset + 1) !== RRType.OPT) return null;
  const edns = { udpSize: buf.readUInt16BE(offset + 3), version: buf[offset + 6]!, dnssecOk: (buf[offset + 7]! & 0x80) !== 0 };
  const end = offset + 11 + buf.readUInt16BE(offset + 9);
  if (edns.version !== 0) return { edns, end };
  if (end > buf.length) return 'malformed';
  let pos = offset + 11;
  while (end - pos >= 4) {
    pos += 4 + buf.readUInt16BE(pos + 2);
    if (pos > end) return 'malformed';
  }
  return pos === end ? { edns, end } : 'malformed';
}

/**
 * Parses a query. Never throws on any input: every malformed packet maps to `drop` or a
 * FORMERR header, exactly where NSD 4.6 does (trailing bytes after the last RR are ignored).
 */
export function parseQuery(buf: Buffer): ParsedQuery {
  if (buf.length < HEADER_LENGTH) return { kind: 'drop' };
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  if ((flags & Flag.QR) !== 0) return { kind: 'drop' };
  const opcode = (flags >> 11) & 0xf;
  if (opcode !== Opcode.Query && opcode !== Opcode.Notify) {
    return { kind: 'header-only', id, flags: ((flags & ~Flag.AD & 0xfff0) | Flag.QR | Rcode.NotImp) & 0xffff, edns: null };
  }
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  let ar = buf.readUInt16BE(10);
  const end = (flags & 0xf) === 0 ? qnameEnd(buf, HEADER_LENGTH) : -1;
  if (end < 0 || end + 4 > buf.length) return formErr(id, flags);
  const qtype = buf.readUInt16BE(end);
  const qclass = buf.readUInt16BE(end + 2);
  const question = buf.subarray(HEADER_LENGTH, end + 4);
  const key = keyFromWireBytes(buf, HEADER_LENGTH, end);
  // Each outcome is built in one literal: this runs for every query.
  if (opcode === Opcode.Notify) return { kind: 'notify', id, flags, question, key, qtype, qclass };
  if (qd !== 1) {
    // NSD answers a question-less query carrying only an OPT with an (rcode 0) OPT reply.
    if (qd === 0 && an === 0 && ns === 0 && ar === 1) {
      const opt = readOpt(buf, HEADER_LENGTH);
      if (opt !== null && opt !== 'malformed' && opt.edns.version === 0) {
        return { kind: 'header-only', id, flags: Flag.QR | (flags & 0x7800) | (flags & Flag.RD), edns: opt.edns };
      }
    }
    return { kind: 'header-only', id, flags: Flag.QR | Rcode.FormErr, edns: null };
  }
  if (an !== 0 || (qtype !== RRType.IXFR && ns !== 0)) return formErr(id, flags);
  let pos = end + 4;
  if (ns > 64) return formErr(id, flags);
  for (let i = 0; i < ns; i++) {
    pos = skipRecord(buf, pos);
    if (pos < 0) return formErr(id, flags);
  }
  let edns: EdnsInfo | null = null;
  if (ar > 0) {
    const opt = readOpt(buf, pos);
    if (opt === 'malformed') return formErr(id, flags);
    if (opt !== null) {
      edns = opt.edns;
      ar--;
      pos = opt.end;
    }
  }
  if (ar === 1 && recordTypeAt(buf, pos) === TSIG_TYPE) return { kind: 'signed', id, flags, question, key, qtype, qclass };
  // Anything else in additional (a second OPT, another record) is refused as NSD does.
  if (ar > 0) return formErr(id, flags);
  if (edns !== null && edns.version !== 0) return { kind: 'badvers', id, flags, question, key, qtype, qclass };
  return { kind: 'query', id, flags, question, key, qtype, qclass, edns };
}
