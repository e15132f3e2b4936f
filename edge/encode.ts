// The wire writer for responses: header, the question copied byte for byte, RRsets with our
// own name compression (RFC 1035 §4.1.4; dns-packet does not compress), and the OPT record.
//
// Compression follows NSD packet.c: every name suffix written is remembered with its offset
// (only offsets up to 0x3FFF can be pointed at), later names point at the longest known
// suffix, and when an RRset is rolled back for truncation the offsets past the mark are
// forgotten so no pointer refers to dropped bytes.
import type { NameKey } from './name-key.js';
import type { RdataSegment } from './index/zone-data.js';

const MAX_POINTER_OFFSET = 0x3fff;
export const HEADER_LENGTH = 12;

export class MessageWriter {
  readonly buf: Buffer;
  pos = HEADER_LENGTH;
  /** Bytes a record may not cross (the response size limit minus space kept for OPT). */
  limit: number;
  readonly #offsets = new Map<string, number>();
  readonly #order: string[] = [];

  constructor(buf: Buffer, limit: number) {
    this.buf = buf;
    this.limit = Math.min(limit, buf.length);
  }

  setHeader(id: number, flags: number, qd: number, an: number, ns: number, ar: number): void {
    const b = this.buf;
    b.writeUInt16BE(id, 0);
    b.writeUInt16BE(flags, 2);
    b.writeUInt16BE(qd, 4);
    b.writeUInt16BE(an, 6);
    b.writeUInt16BE(ns, 8);
    b.writeUInt16BE(ar, 10);
  }

  /**
   * Copies the question exactly as the client sent it (keeping its 0x20 spelling) and
   * remembers every suffix of the qname, so owner names compress to pointers into it.
   */
  writeQuestion(question: Buffer, qname: NameKey): void {
    question.copy(this.buf, this.pos);
    let offset = this.pos;
    for (let i = 0; i < qname.length - 1; i += qname.charCodeAt(i) + 1) {
      this.#remember(qname.slice(i), offset + i);
    }
    this.pos += question.length;
  }

  #remember(suffix: string, offset: number): void {
    if (offset > MAX_POINTER_OFFSET || this.#offsets.has(suffix)) return;
    this.#offsets.set(suffix, offset);
    this.#order.push(suffix);
  }

  /**
   * Writes a name, compressed; false (and nothing written that matters) when it does not fit.
   * Labels above `freshAbove` are written in full even when an earlier copy could be pointed at.
   */
  #writeName(key: NameKey, freshAbove?: NameKey): boolean {
    const b = this.buf;
    let fresh = freshAbove !== undefined && key !== freshAbove;
    for (let i = 0; i < key.length; ) {
      const len = key.charCodeAt(i);
      if (len === 0) break;
      const suffix = i === 0 ? key : key.slice(i);
      if (fresh) {
        if (suffix === freshAbove) fresh = false;
        else {
          if (this.pos + len + 1 > this.limit) return false;
          this.#remember(suffix, this.pos);
          b.write(key.slice(i, i + len + 1), this.pos, 'latin1');
          this.pos += len + 1;
          i += len + 1;
          continue;
        }
      }
      const pointer = this.#offsets.get(suffix);
      if (pointer !== undefined) {
        if (this.pos + 2 > this.limit) return false;
        b[this.pos++] = 0xc0 | (pointer >> 8);
        b[this.pos++] = pointer & 0xff;
        return true;
      }
      if (this.pos + len + 1 > this.limit) return false;
      this.#remember(suffix, this.pos);
      b.write(key.slice(i, i + len + 1), this.pos, 'latin1');
      this.pos += len + 1;
      i += len + 1;
    }
    if (this.pos + 1 > this.limit) return false;
    b[this.pos++] = 0;
    return true;
  }

  /**
   * Writes one RR; on overflow restores the position and forgets offsets past it, returning
   * false. `ownerFreshAbove`: see AnswerEntry.freshAbove.
   */
  writeRecord(owner: NameKey, type: number, ttl: number, rdata: readonly RdataSegment[], ownerFreshAbove?: NameKey): boolean {
    const mark = this.pos;
    if (!this.#writeName(owner, ownerFreshAbove) || this.pos + 10 > this.limit) return this.rollback(mark);
    const b = this.buf;
    b.writeUInt16BE(type, this.pos);
    b.writeUInt16BE(1, this.pos + 2);
    b.writeUInt32BE(ttl, this.pos + 4);
    const rdlengthAt = this.pos + 8;
    this.pos += 10;
    for (const segment of rdata) {
      if (typeof segment === 'string') {
        if (!this.#writeName(segment)) return this.rollback(mark);
      } else if (!Buffer.isBuffer(segment)) {
        if (!this.#writeName(segment.key, segment.freshAbove)) return this.rollback(mark);
      } else {
        if (this.pos + segment.length > this.limit) return this.rollback(mark);
        segment.copy(b, this.pos);
        this.pos += segment.length;
      }
    }
    b.writeUInt16BE(this.pos - rdlengthAt - 2, rdlengthAt);
    return true;
  }

  /** Truncates the message back to `mark` (NSD query_clear_dname_offsets). Always returns false. */
  rollback(mark: number): false {
    this.pos = mark;
    while (this.#order.length > 0) {
      const last = this.#order[this.#order.length - 1]!;
      if (this.#offsets.get(last)! < mark) break;
      this.#offsets.delete(last);
      this.#order.pop();
    }
    return false;
  }

  /**
   * Appends an OPT pseudo-RR (RFC 6891 §6.1.2): our UDP payload size, the extended RCODE's
   * upper bits, version 0, the DO bit, and options. Ignores `limit`: its space was reserved.
   */
  writeOpt(payloadSize: number, extendedRcode: number, dnssecOk: boolean, options: Buffer = EMPTY): void {
    const b = this.buf;
    b[this.pos] = 0;
    b.writeUInt16BE(41, this.pos + 1);
    b.writeUInt16BE(payloadSize, this.pos + 3);
    b[this.pos + 5] = extendedRcode;
    b[this.pos + 6] = 0;
    b.writeUInt16BE(dnssecOk ? 0x8000 : 0, this.pos + 7);
    b.writeUInt16BE(options.length, this.pos + 9);
    options.copy(b, this.pos + 11);
    this.pos += 11 + options.length;
  }

  /** A copy of the finished message. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

const EMPTY = Buffer.alloc(0);

/** An RFC 8914 Extended DNS Error option: INFO-CODE and optional EXTRA-TEXT. */
export function extendedErrorOption(infoCode: number, text = ''): Buffer {
  const option = Buffer.alloc(6 + text.length);
  option.writeUInt16BE(15, 0);
  option.writeUInt16BE(2 + text.length, 2);
  option.writeUInt16BE(infoCode, 4);
  option.write(text, 6, 'latin1');
  return option;
}
