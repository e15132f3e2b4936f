// Generates the deterministic differential-test corpus from the fixture zones (seeded PRNG).
import { isSubdomain, parentName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { rrTypeToText } from '../../shared/dns/rr-type.js';
import type { Transport } from '../helpers/dns-client.js';
import { encodeQuery } from '../helpers/dns-query.js';
import type { EdnsSpec, QuerySpec } from '../helpers/dns-query.js';
import { createPrng } from '../helpers/prng.js';
import type { Prng } from '../helpers/prng.js';
import type { LoadedZone } from './fixture-zones.js';

/** One query of the corpus: the bytes sent to both servers and a readable description. */
export interface CorpusQuery {
  /** e.g. "udp edns=1232,do www.ExAmple.com. IN A". */
  readonly label: string;
  readonly transport: Transport;
  readonly wire: Buffer;
  readonly spec: QuerySpec;
  /** False for packets a server must drop (QR=1), which get one short attempt. */
  readonly expectReply: boolean;
  /** Which part of the corpus made it, for coverage counts. */
  readonly purpose: Purpose;
}

/** The part of the corpus a query belongs to. */
export type Purpose = 'zone name' | 'nonexistent' | 'wildcard' | 'below cut' | 'large' | 'out of zone' | 'protocol';

const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48, TLSA: 52, SVCB: 64, HTTPS: 65, IXFR: 251, AXFR: 252, ANY: 255, CAA: 257 } as const;

/** Types a name may lack: one of them is asked for at every name to get NODATA. */
const PROBE_TYPES = [T.A, T.AAAA, T.MX, T.TXT, T.SRV, T.CAA, T.PTR, T.NAPTR, T.HINFO, T.TLSA, T.SSHFP, T.HTTPS, T.SVCB, T.DNSKEY, T.CNAME, 65280];

const EDNS_VARIANTS: readonly (EdnsSpec | undefined)[] = [
  undefined,
  undefined,
  { udpSize: 512 },
  { udpSize: 1232 },
  { udpSize: 4096 },
  { udpSize: 1232, dnssecOk: true },
  { udpSize: 4096, dnssecOk: true },
];

/** Names no fixture zone contains nor encloses: REFUSED (the server is not authoritative). */
const OUT_OF_ZONE = ['.', 'com.', 'org.', 'test.', 'example.', 'example.net.', 'www.example.net.', 'ns2.example.net.', 'unserved.example.', 'xexample.com.', 'example.com.au.', 'other.test.', 'arpa.', 'target.example.invalid.'];

function ednsText(edns: EdnsSpec | undefined): string {
  if (edns === undefined) return 'noedns';
  return `edns=${edns.udpSize}${edns.dnssecOk === true ? ',do' : ''}${(edns.version ?? 0) !== 0 ? `,v${edns.version}` : ''}`;
}

function classText(qclass: number): string {
  return qclass === 1 ? 'IN' : qclass === 3 ? 'CH' : `CLASS${qclass}`;
}

/** Random letter case per character (DNS 0x20): servers must echo it and ignore it. */
function spell(prng: Prng, name: string): string {
  const mode = prng.int(4);
  if (mode === 0) return name;
  if (mode === 1) return name.toUpperCase();
  return [...name].map((c) => (prng.chance(0.5) ? c.toUpperCase() : c)).join('');
}

function randomLabel(prng: Prng): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-';
  let out = 'q';
  const length = 1 + prng.int(10);
  for (let i = 0; i < length; i++) out += alphabet[prng.int(alphabet.length)];
  return out;
}

interface Variant {
  readonly transport?: Transport;
  readonly edns?: EdnsSpec | undefined;
  readonly qclass?: number;
  readonly opcode?: number;
  readonly questionCount?: number;
  readonly isResponse?: boolean;
  readonly keepCase?: boolean;
  /** Says what `rewrite` does, for the label. */
  readonly note?: string;
  /** Changes the encoded query (extra records, header bits) before it is sent. */
  readonly rewrite?: (wire: Buffer) => Buffer;
}

/** Builds the corpus and keeps the PRNG-driven choices in one place. */
class CorpusBuilder {
  readonly queries: CorpusQuery[] = [];
  /** Tags the queries added from now on. */
  purpose: Purpose = 'zone name';
  constructor(private readonly prng: Prng) {}

  add(name: string, qtype: number, variant: Variant = {}): void {
    const prng = this.prng;
    const transport = variant.transport ?? (prng.chance(0.3) ? 'tcp' : 'udp');
    const edns = 'edns' in variant ? variant.edns : prng.chance(0.04) ? { udpSize: 1232, version: 1 } : prng.pick(EDNS_VARIANTS);
    const qname = variant.keepCase === true ? name : spell(prng, name);
    const spec: QuerySpec = {
      id: prng.int(0x10000),
      qname,
      qtype,
      qclass: variant.qclass ?? 1,
      opcode: variant.opcode ?? 0,
      questionCount: variant.questionCount ?? 1,
      isResponse: variant.isResponse ?? false,
      recursionDesired: prng.chance(0.5),
      authenticData: prng.chance(0.05),
      checkingDisabled: prng.chance(0.1),
      ...(edns === undefined ? {} : { edns }),
    };
    const extras = [
      spec.opcode !== 0 ? `opcode=${spec.opcode}` : '',
      spec.questionCount !== 1 ? `qdcount=${spec.questionCount}` : '',
      spec.isResponse === true ? 'qr=1' : '',
      spec.recursionDesired === true ? 'rd' : '',
      spec.authenticData === true ? 'ad' : '',
      spec.checkingDisabled === true ? 'cd' : '',
      variant.note ?? '',
    ].filter((s) => s !== '');
    const label = [transport, ednsText(edns), ...extras, qname, classText(spec.qclass ?? 1), rrTypeToText(qtype)].join(' ');
    const wire = variant.rewrite === undefined ? encodeQuery(spec) : variant.rewrite(encodeQuery(spec));
    this.queries.push({ label, transport, wire, spec, expectReply: spec.isResponse !== true, purpose: this.purpose });
  }
}

/** Every name a zone holds: owners plus the empty non-terminals between them and the apex. */
function zoneNames(zone: LoadedZone): { names: Name[]; types: Map<Name, Set<number>> } {
  const types = new Map<Name, Set<number>>();
  for (const e of zone.entries) {
    const set = types.get(e.owner) ?? new Set<number>();
    set.add(e.type);
    types.set(e.owner, set);
  }
  for (const owner of [...types.keys()]) {
    for (let p = parentName(owner); p !== null && isSubdomain(p, zone.origin) && p !== zone.origin; p = parentName(p)) {
      if (!types.has(p)) types.set(p, new Set());
    }
  }
  return { names: [...types.keys()].sort(), types };
}

/**
 * The corpus for `zones`, identical for the same seed and zones: every name × a spread of
 * types, nonexistent names at several depths, names under wildcards and below zone cuts,
 * large RRsets at every EDNS size over both transports, out-of-zone names, other classes
 * and the protocol cases (opcodes, QDCOUNT, QR=1, EDNS versions).
 */
export function generateCorpus(zones: readonly LoadedZone[], seed: number): CorpusQuery[] {
  const prng = createPrng(seed);
  const b = new CorpusBuilder(prng);
  for (const zone of zones) {
    const { names, types } = zoneNames(zone);
    const cuts = names.filter((n) => n !== zone.origin && types.get(n)?.has(T.NS) === true);
    names.forEach((name, i) => {
      const present = [...(types.get(name) ?? [])];
      const absent = PROBE_TYPES.filter((t) => !present.includes(t));
      const asked = new Set<number>([T.ANY, ...present, ...Array.from({ length: 5 }, () => prng.pick(absent)), T.NS, T.SOA, T.DS, T.A, T.AAAA, T.MX, T.TXT]);
      b.purpose = 'zone name';
      for (const qtype of asked) b.add(name, qtype);
      // The types that exist once more over each transport, so every RRset is seen on both.
      for (const qtype of [...present, T.ANY]) {
        b.add(name, qtype, { transport: 'udp' });
        b.add(name, qtype, { transport: 'tcp' });
      }
      // Nonexistent names at depths 1 to 3 below this one.
      b.purpose = 'nonexistent';
      const nxTypes = [T.A, T.AAAA, T.MX, T.TXT, T.ANY, T.NS, T.DS, T.CNAME, T.SOA];
      b.add(`${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      b.add(`${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
      if (i % 2 === 0) b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${randomLabel(prng)}.${name}`, prng.pick(nxTypes));
    });
    // Names a wildcard synthesises from, one and two labels deep (RFC 4592 §3.3.1).
    b.purpose = 'wildcard';
    for (const wildcard of names.filter((n) => n.startsWith('*.'))) {
      const parent = wildcard.slice(2);
      for (const qtype of [T.A, T.AAAA, T.MX, T.TXT, T.CNAME, T.ANY, T.NS, T.DS, T.SOA]) b.add(`${randomLabel(prng)}.${parent}`, qtype);
      for (const qtype of [T.A, T.TXT, T.MX]) b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${parent}`, qtype);
      b.add(`${randomLabel(prng)}.${wildcard}`, T.A);
    }
    // Names at and below zone cuts: referrals (RFC 1034 §4.3.2 step 3b).
    b.purpose = 'below cut';
    for (const cut of cuts) {
      for (const qtype of [T.A, T.AAAA, T.NS, T.DS, T.SOA, T.ANY, T.MX, T.TXT]) {
        b.add(`${randomLabel(prng)}.${cut}`, qtype);
        b.add(`${randomLabel(prng)}.${randomLabel(prng)}.${cut}`, qtype);
      }
    }
    // Large RRsets at every EDNS size over both transports, for truncation (RFC 1035 §4.2.1, RFC 6891 §7).
    b.purpose = 'large';
    // Large referrals too: a name below a cut with many NS records, whose glue may not fit.
    const nsCount = (owner: Name): number => zone.entries.filter((e) => e.owner === owner && e.type === T.NS).length;
    const largeReferrals = cuts.filter((cut) => nsCount(cut) >= 8).map((cut) => `host.${cut}` as Name);
    const large = [...names.filter((n) => /^(big|bigger|huge|manya)\./.test(n)), ...largeReferrals];
    for (const name of large) {
      for (const qtype of [...(types.get(name) ?? [T.A]), T.ANY]) {
        for (const transport of ['udp', 'tcp'] as const) {
          for (const edns of [undefined, { udpSize: 512 }, { udpSize: 1232 }, { udpSize: 4096 }, { udpSize: 1232, dnssecOk: true }, { udpSize: 4096, dnssecOk: true }, { udpSize: 100 }, { udpSize: 700 }, { udpSize: 1000 }, { udpSize: 1400 }, { udpSize: 2048 }, { udpSize: 65535 }]) {
            b.add(name, qtype, { transport, edns });
          }
        }
      }
    }
  }
  b.purpose = 'out of zone';
  for (const name of OUT_OF_ZONE) {
    for (const qtype of [T.A, T.NS, T.SOA, T.ANY, T.DS, T.TXT]) b.add(name, qtype);
  }
  addProtocolCases(b, zones.map((z) => z.origin));
  return b.queries;
}

function addProtocolCases(b: CorpusBuilder, origins: readonly Name[]): void {
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
