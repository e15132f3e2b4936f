// Builds corpus queries: the PRNG-driven choices of transport, EDNS, letter case and flags in one place.
import { rrTypeToText } from '../../shared/dns/rr-type.js';
import type { Transport } from '../helpers/dns-client.js';
import { encodeQuery } from '../../shared/dns/message.js';
import type { EdnsSpec, QuerySpec } from '../../shared/dns/message.js';
import type { Prng } from '../helpers/prng.js';

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

/** Query type numbers the corpus uses. */
export const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48, TLSA: 52, SVCB: 64, HTTPS: 65, IXFR: 251, AXFR: 252, ANY: 255, CAA: 257 } as const;

const EDNS_VARIANTS: readonly (EdnsSpec | undefined)[] = [
  undefined,
  undefined,
  { udpSize: 512 },
  { udpSize: 1232 },
  { udpSize: 4096 },
  { udpSize: 1232, dnssecOk: true },
  { udpSize: 4096, dnssecOk: true },
];

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

/** A fresh label that no fixture zone holds (they never start with 'q' followed by random text). */
export function randomLabel(prng: Prng): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-';
  let out = 'q';
  const length = 1 + prng.int(10);
  for (let i = 0; i < length; i++) out += alphabet[prng.int(alphabet.length)];
  return out;
}

/** Per-query overrides; anything left out is chosen by the PRNG. */
export interface Variant {
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
export class CorpusBuilder {
  readonly queries: CorpusQuery[] = [];
  /** Tags the queries added from now on. */
  purpose: Purpose = 'zone name';
  constructor(private readonly prng: Prng) {}

  /** Adds one query for `name` and `qtype`, choosing what `variant` leaves open. */
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

