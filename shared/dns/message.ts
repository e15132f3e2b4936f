// The DNS message codec of everything but the edge's answer path (which reads queries and
// writes answers its own way, for speed): queries encoded byte by byte, the odd ones servers
// must reject included, and whole messages parsed into typed sections whose RDATA compares
// canonically. The delegation and parity checks, the test helpers and the benchmarks use it.
import { nameToWire, readWireName } from './name.js';
import type { Name } from './name.js';
import { RRType } from './rr-type.js';

/** Thrown when bytes are not a well-formed DNS message; says where parsing stopped. */
export class MessageParseError extends Error {
  override name = 'MessageParseError';
}

/** One resource record with its RDATA in canonical form: embedded names uncompressed and lower-case. */
export interface ResourceRecord {
  readonly name: Name;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** The OPT pseudo-RR's fields (RFC 6891 §6.1.3). */
export interface OptRecord {
  readonly udpSize: number;
  readonly extendedRcode: number;
  readonly version: number;
  readonly dnssecOk: boolean;
  readonly ownerIsRoot: boolean;
  readonly options: Buffer;
}

export interface Question {
  readonly name: Name;
  readonly type: number;
  readonly class: number;
}

/** A parsed message. `rcode` includes the upper eight bits from OPT when there is one. */
export interface DnsMessage {
  readonly id: number;
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly z: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  readonly rcode: number;
  readonly question: readonly Question[];
  /** The question section exactly as sent, letter case included. */
  readonly questionBytes: Buffer;
  readonly answer: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  /** The additional section without OPT records. */
  readonly additional: readonly ResourceRecord[];
  readonly opt: OptRecord | null;
  /** How many OPT records the additional section held (RFC 6891 §6.1.1: at most one). */
  readonly optCount: number;
  /** True when an OPT record sat outside the additional section. */
  readonly optMisplaced: boolean;
}

type Field = { kind: 'name' } | { kind: 'fixed'; length: number } | { kind: 'string' } | { kind: 'rest' };

const NAME: Field = { kind: 'name' };
const REST: Field = { kind: 'rest' };
const fixed = (length: number): Field => ({ kind: 'fixed', length });
const STRING: Field = { kind: 'string' };

// RDATA layouts of the types that carry domain names (RFC 1035 §3.3, RFC 2782, RFC 3403,
// RFC 4034, RFC 9460); every other type is compared as opaque bytes (RFC 3597 §4).
const LAYOUTS = new Map<number, readonly Field[]>([
  [2, [NAME]], [3, [NAME]], [4, [NAME]], [5, [NAME]], [7, [NAME]], [8, [NAME]], [9, [NAME]],
  [12, [NAME]], [39, [NAME]],
  [6, [NAME, NAME, fixed(20)]],
  [14, [NAME, NAME]], [17, [NAME, NAME]],
  [15, [fixed(2), NAME]], [18, [fixed(2), NAME]], [21, [fixed(2), NAME]], [36, [fixed(2), NAME]],
  [26, [fixed(2), NAME, NAME]],
  [33, [fixed(6), NAME]],
  [35, [fixed(4), STRING, STRING, STRING, NAME]],
  [46, [fixed(18), NAME, REST]],
  [47, [NAME, REST]],
  [64, [fixed(2), NAME, REST]], [65, [fixed(2), NAME, REST]],
]);

function readName(buf: Buffer, offset: number, what: string): { name: Name; next: number } {
  try {
    return readWireName(buf, offset);
  } catch (err) {
    throw new MessageParseError(`${what} at offset ${offset}: ${(err as Error).message}`, { cause: err });
  }
}

/** RDATA with embedded names decompressed and lower-cased, so equal data compares equal. */
function canonicalRdata(buf: Buffer, type: number, start: number, end: number): Buffer {
  const layout = LAYOUTS.get(type);
  if (layout === undefined) return Buffer.from(buf.subarray(start, end));
  const parts: Buffer[] = [];
  let pos = start;
  for (const field of layout) {
    if (field.kind === 'name') {
      const { name, next } = readName(buf, pos, `name in type ${type} RDATA`);
      parts.push(nameToWire(name));
      pos = next;
    } else if (field.kind === 'fixed') {
      parts.push(buf.subarray(pos, pos + field.length));
      pos += field.length;
    } else if (field.kind === 'string') {
      const length = buf[pos] ?? 0;
      parts.push(buf.subarray(pos, pos + 1 + length));
      pos += 1 + length;
    } else {
      parts.push(buf.subarray(pos, end));
      pos = end;
    }
    if (pos > end) throw new MessageParseError(`type ${type} RDATA at offset ${start} is shorter than its fields`);
  }
  if (pos !== end) throw new MessageParseError(`type ${type} RDATA at offset ${start} has ${end - pos} bytes after its fields`);
  return Buffer.concat(parts);
}

/**
 * Parses a whole message (RFC 1035 §4.1). Throws MessageParseError on anything malformed:
 * short header, names past the end, bad pointers, RDATA past the end, trailing bytes.
 */
export function parseMessage(buf: Buffer): DnsMessage {
  if (buf.length < 12) throw new MessageParseError(`message of ${buf.length} bytes is shorter than a header`);
  const flags = buf.readUInt16BE(2);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)] as const;
  let pos = 12;
  const question: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readName(buf, pos, 'question name');
    if (next + 4 > buf.length) throw new MessageParseError('question runs past the end of the message');
    question.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    pos = next + 4;
  }
  const questionBytes = Buffer.from(buf.subarray(12, pos));
  const sections: ResourceRecord[][] = [[], [], []];
  let opt: OptRecord | null = null;
  let optCount = 0;
  let optMisplaced = false;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const start = pos;
      const { name, next } = readName(buf, pos, `owner of RR ${i} in section ${s + 1}`);
      if (next + 10 > buf.length) throw new MessageParseError(`RR header at offset ${start} runs past the end`);
      const type = buf.readUInt16BE(next);
      const klass = buf.readUInt16BE(next + 2);
      const ttl = buf.readUInt32BE(next + 4);
      const rdlength = buf.readUInt16BE(next + 8);
      const rdStart = next + 10;
      const rdEnd = rdStart + rdlength;
      if (rdEnd > buf.length) throw new MessageParseError(`RDATA of RR at offset ${start} runs past the end`);
      pos = rdEnd;
      if (type === RRType.OPT) {
        if (s !== 2) optMisplaced = true;
        optCount++;
        opt = {
          udpSize: klass,
          extendedRcode: ttl >>> 24,
          version: (ttl >>> 16) & 0xff,
          dnssecOk: (ttl & 0x8000) !== 0,
          ownerIsRoot: name === '.',
          options: Buffer.from(buf.subarray(rdStart, rdEnd)),
        };
        continue;
      }
      sections[s]!.push({ name, type, class: klass, ttl, rdata: canonicalRdata(buf, type, rdStart, rdEnd) });
    }
  }
  if (pos !== buf.length) throw new MessageParseError(`${buf.length - pos} bytes after the last record`);
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >>> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    z: (flags & 0x0040) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: ((opt?.extendedRcode ?? 0) << 4) | (flags & 0xf),
    question,
    questionBytes,
    answer: sections[0]!,
    authority: sections[1]!,
    additional: sections[2]!,
    opt,
    optCount,
    optMisplaced,
  };
}

/** EDNS(0) as the client sends it in an OPT record (RFC 6891 §6.1.2). */
export interface EdnsSpec {
  readonly udpSize: number;
  readonly dnssecOk?: boolean;
  readonly version?: number;
  /** Raw EDNS options (code, length, data...), sent as given. */
  readonly options?: Buffer;
}

/** Everything a test may want to set in a query; defaults give a plain QUERY of class IN. */
export interface QuerySpec {
  readonly id: number;
  /** Presentation text without escapes; letter case is sent as given (0x20 spelling). */
  readonly qname: string;
  readonly qtype: number;
  readonly qclass?: number;
  readonly opcode?: number;
  readonly recursionDesired?: boolean;
  readonly authenticData?: boolean;
  readonly checkingDisabled?: boolean;
  /** Set to send a response (QR=1) to a server, which must drop it. */
  readonly isResponse?: boolean;
  readonly edns?: EdnsSpec;
  /** How many copies of the question to send (QDCOUNT); 1 unless set. */
  readonly questionCount?: number;
}

/**
 * The uncompressed wire form of presentation text, letter case kept (RFC 1035 §5.1 escapes
 * `\X` and `\DDD` are decoded). Throws on an empty or over-long label: test names are
 * generated, so a bad one is a bug in the test.
 */
export function encodeNameKeepingCase(text: string): Buffer {
  const parts: Buffer[] = [];
  let label: number[] = [];
  const endLabel = (): void => {
    if (label.length === 0 || label.length > 63) throw new Error(`dns-query: bad label in ${text}`);
    parts.push(Buffer.from([label.length]), Buffer.from(label));
    label = [];
  };
  if (text !== '.') {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '\\') {
        const digits = text.slice(i + 1, i + 4);
        if (/^[0-9]{3}$/.test(digits)) {
          label.push(Number(digits));
          i += 3;
        } else {
          label.push(text.charCodeAt(i + 1));
          i += 1;
        }
      } else if (ch === '.') endLabel();
      else label.push(text.charCodeAt(i));
    }
    if (label.length > 0) endLabel();
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** The OPT pseudo-RR: root owner, CLASS = payload size, TTL = ext-rcode/version/DO (RFC 6891 §6.1.3). */
export function encodeOpt(edns: EdnsSpec, options: Buffer = Buffer.alloc(0)): Buffer {
  const rr = Buffer.alloc(11 + options.length);
  rr[0] = 0;
  rr.writeUInt16BE(41, 1);
  rr.writeUInt16BE(edns.udpSize, 3);
  rr[5] = 0;
  rr[6] = edns.version ?? 0;
  rr.writeUInt16BE(edns.dnssecOk === true ? 0x8000 : 0, 7);
  rr.writeUInt16BE(options.length, 9);
  options.copy(rr, 11);
  return rr;
}

/** Encodes a query (RFC 1035 §4.1). */
export function encodeQuery(spec: QuerySpec): Buffer {
  const questionCount = spec.questionCount ?? 1;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(spec.id & 0xffff, 0);
  let flags = ((spec.opcode ?? 0) & 0xf) << 11;
  if (spec.isResponse === true) flags |= 0x8000;
  if (spec.recursionDesired === true) flags |= 0x0100;
  if (spec.authenticData === true) flags |= 0x0020;
  if (spec.checkingDisabled === true) flags |= 0x0010;
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(questionCount, 4);
  header.writeUInt16BE(spec.edns === undefined ? 0 : 1, 10);
  const question = Buffer.concat([encodeNameKeepingCase(spec.qname), Buffer.alloc(4)]);
  question.writeUInt16BE(spec.qtype, question.length - 4);
  question.writeUInt16BE(spec.qclass ?? 1, question.length - 2);
  const parts: Buffer[] = [header];
  for (let i = 0; i < questionCount; i++) parts.push(question);
  if (spec.edns !== undefined) parts.push(encodeOpt(spec.edns, spec.edns.options));
  return Buffer.concat(parts);
}
