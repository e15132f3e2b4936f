// DNS replies as the benchmark helpers see them: header bits and records reduced to comparable text.
import dnsPacket from 'dns-packet';

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

function absolute(name: string): string {
  const lower = name.toLowerCase();
  return lower === '' ? '.' : lower.endsWith('.') ? lower : `${lower}.`;
}

function dataText(record: dnsPacket.Answer): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'NS':
      return absoluteIfName(record.type, record.data);
    case 'TXT': {
      const parts = Array.isArray(record.data) ? record.data : [record.data];
      return parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join(' ');
    }
    case 'SOA':
      return String(record.data.serial);
    default:
      return '';
  }
}

function absoluteIfName(type: string, value: string): string {
  return type === 'CNAME' || type === 'NS' ? absolute(value) : value;
}

function records(list: readonly dnsPacket.Answer[] | undefined): ReplyRecord[] {
  return (list ?? []).map((r) => ({ name: absolute(r.name), type: r.type, data: dataText(r) }));
}

/** Parses a reply datagram; null when it is not a well-formed DNS response. */
export function parseReply(buf: Buffer): Reply | null {
  if (buf.length < 12 || (buf[2]! & 0x80) === 0) return null;
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(buf);
  } catch {
    return null;
  }
  return {
    id: buf.readUInt16BE(0),
    rcode: buf[3]! & 0x0f,
    aa: packet.flag_aa,
    tc: packet.flag_tc,
    answers: records(packet.answers),
    authorities: records(packet.authorities),
  };
}

/** A query datagram for name/type with the given ID, RD clear, no EDNS (as a plain stub would send). */
export function encodeQuestion(id: number, name: string, type: string): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: 0,
    questions: [{ name: name === '.' ? '.' : name.replace(/\.$/, ''), type: type as dnsPacket.RecordType, class: 'IN' }],
  });
}
