// The protocol cases of the corpus: other classes and opcodes, QDCOUNT, QR=1, EDNS versions and options, odd sections.
import type { Name } from '../../shared/dns/name.js';
import type { EdnsSpec } from '../../shared/dns/message.js';
import { T } from './corpus-builder.js';
import type { CorpusBuilder } from './corpus-builder.js';

/**
 * Adds the protocol cases, asked about names of the first origin (and of `escapes.test.`
 * when served). Deterministic for a given builder state.
 */
export function addProtocolQueries(b: CorpusBuilder, origins: readonly Name[]): void {
  b.purpose = 'protocol';
  const origin = origins[0] ?? 'example.com.';
  const www = `www.${origin}`;
  // Other classes: CHAOS server-identity names (hidden in NSD's config) and zone names.
  for (const [name, qtype] of [['version.bind.', T.TXT], ['version.server.', T.TXT], ['id.server.', T.TXT], ['hostname.bind.', T.TXT], [origin, T.SOA], [www, T.A]] as const) {
    for (const qclass of [3, 4, 255, 254]) b.add(name, qtype, { qclass });
  }
  // Opcodes other than QUERY: IQUERY, STATUS, unassigned, NOTIFY, UPDATE, DSO, unassigned.
  for (const opcode of [1, 2, 3, 4, 5, 6, 7, 15]) {
    for (const transport of ['udp', 'tcp'] as const) {
      b.add(origin, T.SOA, { opcode, transport, edns: undefined });
      b.add(origin, T.SOA, { opcode, transport, edns: { udpSize: 1232 } });
    }
  }
  // QDCOUNT other than one (RFC 9619 for two).
  for (const questionCount of [0, 2, 3]) {
    for (const transport of ['udp', 'tcp'] as const) {
      b.add(www, T.A, { questionCount, transport, edns: undefined });
      b.add(www, T.A, { questionCount, transport, edns: { udpSize: 1232 } });
    }
  }
  // Responses sent as queries must be dropped.
  b.add(www, T.A, { isResponse: true, transport: 'udp', edns: undefined });
  b.add(www, T.A, { isResponse: true, transport: 'udp', edns: { udpSize: 1232 } });
  // EDNS versions above 0 get BADVERS (RFC 6891 §6.1.3), over both transports, for hits and misses.
  for (const version of [1, 2, 255]) {
    for (const transport of ['udp', 'tcp'] as const) {
      b.add(www, T.A, { transport, edns: { udpSize: 1232, version } });
      b.add(`nx.${origin}`, T.A, { transport, edns: { udpSize: 4096, version, dnssecOk: true } });
      b.add('www.example.net.', T.A, { transport, edns: { udpSize: 1232, version } });
    }
  }
  // EDNS options (RFC 6891 §6.1.2): NSID, cookies good and bad (RFC 7873 §5.2.2), padding,
  // client subnet, an unassigned code. Servers answer or reject them; none may crash.
  const options: readonly (readonly [string, Buffer])[] = [
    ['nsid', Buffer.from([0, 3, 0, 0])],
    ['cookie', Buffer.from([0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8])],
    ['cookie of 5 bytes', Buffer.from([0, 10, 0, 5, 1, 2, 3, 4, 5])],
    ['padding', Buffer.concat([Buffer.from([0, 12, 0, 20]), Buffer.alloc(20)])],
    ['client subnet', Buffer.from([0, 8, 0, 7, 0, 1, 24, 0, 192, 0, 2])],
    ['unassigned option', Buffer.from([0xfd, 0xe9, 0, 4, 1, 2, 3, 4])],
    ['option longer than the OPT', Buffer.from([0, 3, 0, 9, 1])],
  ];
  for (const [note, data] of options) {
    for (const transport of ['udp', 'tcp'] as const) b.add(www, T.A, { transport, edns: { udpSize: 1232, options: data }, note });
  }
  // Queries with more than a question: records in other sections, trailing bytes, odd OPTs,
  // header bits only a response may set.
  const withCounts = (an: number, ns: number, ar: number, ...extra: Buffer[]) => (wire: Buffer): Buffer => {
    const out = Buffer.concat([wire, ...extra]);
    out.writeUInt16BE(an, 6);
    out.writeUInt16BE(ns, 8);
    out.writeUInt16BE(ar, 10);
    return out;
  };
  const aRecord = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
  const opt = Buffer.from([0, 0, 41, 4, 208, 0, 0, 0, 0, 0, 0]);
  const optWithOwner = Buffer.concat([Buffer.from([1, 0x78, 0]), opt.subarray(1)]);
  const setFlags = (bits: number) => (wire: Buffer): Buffer => {
    const out = Buffer.from(wire);
    out.writeUInt16BE(out.readUInt16BE(2) | bits, 2);
    return out;
  };
  const raw: readonly (readonly [string, EdnsSpec | undefined, (wire: Buffer) => Buffer])[] = [
    ['trailing bytes', undefined, (wire) => Buffer.concat([wire, Buffer.from([1, 2, 3])])],
    ['a record in the answer section', undefined, withCounts(1, 0, 0, aRecord)],
    ['a record in the authority section', undefined, withCounts(0, 1, 0, aRecord)],
    ['an A record in additional', undefined, withCounts(0, 0, 1, aRecord)],
    ['an A record and OPT in additional', undefined, withCounts(0, 0, 2, aRecord, opt)],
    ['two OPT records', undefined, withCounts(0, 0, 2, opt, opt)],
    ['OPT with an owner name', undefined, withCounts(0, 0, 1, optWithOwner)],
    ['OPT in the answer section', undefined, withCounts(1, 0, 0, opt)],
    ['TC set in the query', undefined, setFlags(0x0200)],
    ['AA set in the query', undefined, setFlags(0x0400)],
    ['Z set in the query', { udpSize: 1232 }, setFlags(0x0040)],
    ['RCODE set in the query', undefined, setFlags(0x0005)],
    ['RA set in the query', { udpSize: 1232 }, setFlags(0x0080)],
  ];
  for (const [note, edns, rewrite] of raw) {
    for (const transport of ['udp', 'tcp'] as const) b.add(www, T.A, { transport, edns, note, rewrite });
  }
  // Case folding is ASCII only (RFC 4343 §3): 0xE0 is not a lower-case 0xC0.
  if (origins.includes('escapes.test.' as Name)) {
    for (const name of ['latin\\192.escapes.test.', 'latin\\224.escapes.test.', 'LATIN\\192.escapes.test.', 'bin\\232ary.escapes.test.']) b.add(name, T.A, { keepCase: true });
  }
  // Meta and DNSSEC query types, and zone transfers (not provided to this client).
  for (const qtype of [T.AXFR, T.IXFR]) {
    for (const transport of ['udp', 'tcp'] as const) b.add(origin, qtype, { transport });
  }
  for (const qtype of [T.RRSIG, T.NSEC, T.DNSKEY, 0, 41, 250, 253, 254]) b.add(www, qtype);
  // Deep names (labels near the limits) inside and outside the zones.
  const longLabel = 'l'.repeat(63);
  b.add(`${longLabel}.${longLabel}.${longLabel}.${origin}`, T.A);
  b.add(`${longLabel}.${longLabel}.${longLabel}.example.net.`, T.A);
  b.add(`${'a.'.repeat(60)}${origin}`, T.TXT);
}
