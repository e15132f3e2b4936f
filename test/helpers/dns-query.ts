// Builds DNS query messages byte by byte, including the odd ones servers must reject.

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
