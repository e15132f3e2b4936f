// DNS replies as the benchmark helpers see them: header bits and records reduced to comparable text.
import { encodeQuery, parseMessage } from '../../shared/dns/message.js';
import type { DnsMessage, ResourceRecord } from '../../shared/dns/message.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { txtStrings } from '../../shared/dns/rdata/txt.js';
import { RRType, rrTypeFromText, rrTypeToText } from '../../shared/dns/rr-type.js';

/** One record: owner (lower case, trailing dot), type mnemonic and data as text. */
export interface ReplyRecord {
  readonly name: string;
  readonly type: string;
  /** A/AAAA/CNAME/NS: the value; TXT: strings joined by one space; SOA: the serial; else "". */
  readonly data: string;
}

/** A parsed reply: the header fields the benchmark checks and the answer and authority records. */
export interface Reply {
  readonly id: number;
  /** RFC 1035 §4.1.1 RCODE (the low four bits). */
  readonly rcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly answers: readonly ReplyRecord[];
  readonly authorities: readonly ReplyRecord[];
}

/** A/AAAA/CNAME/NS: the value; TXT: the strings joined by one space; SOA: the serial; else "". */
function dataText(type: number, rdata: Buffer): string {
  switch (type) {
    case RRType.A:
    case RRType.AAAA:
    case RRType.CNAME:
    case RRType.NS:
      return formatRdata(type, rdata);
    case RRType.TXT:
      return txtStrings(rdata).map((s) => Buffer.from(s).toString('utf8')).join(' ');
    case RRType.SOA:
      return String(rdata.readUInt32BE(rdata.length - 20));
    default:
      return '';
  }
}

function records(list: readonly ResourceRecord[]): ReplyRecord[] {
  return list.map((r) => ({ name: r.name, type: rrTypeToText(r.type), data: dataText(r.type, r.rdata) }));
}

/** Parses a reply datagram; null when it is not a well-formed DNS response. */
export function parseReply(buf: Buffer): Reply | null {
  let message: DnsMessage;
  try {
    message = parseMessage(buf);
  } catch {
    return null;
  }
  if (!message.qr) return null;
  return { id: message.id, rcode: message.rcode & 0x0f, aa: message.aa, tc: message.tc, answers: records(message.answer), authorities: records(message.authority) };
}

/** A query datagram for name/type with the given ID, RD clear, no EDNS (as a plain stub would send). */
export function encodeQuestion(id: number, name: string, type: string): Buffer {
  const qtype = rrTypeFromText(type);
  if (qtype === undefined) throw new Error(`bench: unknown type ${type}`);
  return encodeQuery({ id, qname: name.endsWith('.') ? name : `${name}.`, qtype });
}
