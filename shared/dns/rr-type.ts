// RR type numbers and their mnemonics (IANA "Resource Record (RR) TYPEs"), with RFC 3597 TYPEnnn.

export const RRType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  HINFO: 13,
  MX: 15,
  TXT: 16,
  RP: 17,
  AAAA: 28,
  LOC: 29,
  SRV: 33,
  NAPTR: 35,
  CERT: 37,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  SSHFP: 44,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  SVCB: 64,
  HTTPS: 65,
  SPF: 99,
  IXFR: 251,
  AXFR: 252,
  ANY: 255,
  URI: 256,
  CAA: 257,
  // Not a type on the wire: the control plane's name for an apex alias (a private-use number,
  // RFC 6895 §3.1, the one PowerDNS uses), resolved into A and AAAA and never served itself.
  ALIAS: 65401,
} as const;

export type RRTypeMnemonic = keyof typeof RRType;

const byNumber = new Map<number, string>(Object.entries(RRType).map(([k, v]) => [v, k]));
const byMnemonic = new Map<string, number>(Object.entries(RRType));

/** "A" → 1, "type65280" → 65280 (RFC 3597 §5), case-insensitive; undefined if unknown. */
export function rrTypeFromText(text: string): number | undefined {
  const exact = byMnemonic.get(text);
  if (exact !== undefined) return exact;
  const upper = text.toUpperCase();
  const known = byMnemonic.get(upper);
  if (known !== undefined) return known;
  const m = /^TYPE([0-9]{1,5})$/.exec(upper);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 0xffff ? n : undefined;
}

/** 1 → "A", 65280 → "TYPE65280". */
export function rrTypeToText(type: number): string {
  return byNumber.get(type) ?? `TYPE${type}`;
}

/** The only class DNSCove serves (RFC 1035 §3.2.4). */
export const CLASS_IN = 1;
/** CHAOS: answered REFUSED, as NSD does without its id.server/version.bind answers. */
export const CLASS_CH = 3;
/** QCLASS * (RFC 1035 §3.2.5). */
export const CLASS_ANY = 255;
