// Builds DNS query messages byte by byte, including the odd ones servers must reject.

/** EDNS(0) as the client sends it in an OPT record (RFC 6891 §6.1.2). */
export interface EdnsSpec {
  readonly udpSize: number;
  readonly dnssecOk?: boolean;
  readonly version?: number;
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
  /** Set to send a response (QR=1) to a server, which must drop it. */
  readonly isResponse?: boolean;
  readonly edns?: EdnsSpec;
  /** How many copies of the question to send (QDCOUNT); 1 unless set. */
  readonly questionCount?: number;
}

/**
 * The uncompressed wire form of presentation text, letter case kept. Only plain names (no
 * escapes) are accepted: test names are generated, so anything else is a bug in the test.
 */
export function encodeNameKeepingCase(text: string): Buffer {
  if (text.includes('\\')) throw new Error(`dns-query: escapes are not supported in ${text}`);
  const labels = text === '.' ? [] : text.replace(/\.$/, '').split('.');
  const parts: Buffer[] = [];
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) throw new Error(`dns-query: bad label in ${text}`);
    parts.push(Buffer.from([label.length]), Buffer.from(label, 'latin1'));
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
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(questionCount, 4);
  header.writeUInt16BE(spec.edns === undefined ? 0 : 1, 10);
  const question = Buffer.concat([encodeNameKeepingCase(spec.qname), Buffer.alloc(4)]);
  question.writeUInt16BE(spec.qtype, question.length - 4);
  question.writeUInt16BE(spec.qclass ?? 1, question.length - 2);
  const parts: Buffer[] = [header];
  for (let i = 0; i < questionCount; i++) parts.push(question);
  if (spec.edns !== undefined) parts.push(encodeOpt(spec.edns));
  return Buffer.concat(parts);
}
