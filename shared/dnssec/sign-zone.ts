// Signs a whole zone with one combined signing key: DNSKEY and NSEC3PARAM at the apex, an NSEC3
// chain over every authoritative name and empty non-terminal (RFC 5155, RFC 9276 parameters),
// and an RRSIG over every authoritative RRset (RFC 4035 §2).
import { isSubdomain, parentName } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import { RRType } from '../dns/rr-type.js';
import type { RRset, ZoneContent } from '../dns/rrset.js';
import { base32hex, nsec3Hash, nsec3paramRdata, nsec3Rdata } from './nsec3.js';
import { rrsigRdata } from './rrsig.js';
import type { SignatureWindow } from './rrsig.js';
import { dnskeyRdata, keyTag } from './signing-key.js';
import type { SigningKey } from './signing-key.js';

/** One RRSIG record: signatures of one owner differ in type covered and TTL, so they are kept apart. */
export interface Signature {
  readonly name: Name;
  readonly covered: number;
  readonly ttl: number;
  readonly rdata: Buffer;
}

export interface SignedZone {
  readonly origin: Name;
  /** The zone's RRsets with DNSKEY, NSEC3PARAM and the NSEC3 chain added. */
  readonly rrsets: readonly RRset[];
  readonly signatures: readonly Signature[];
}

const DNSKEY_TTL = 3600;

/** SOA RDATA ends with MINIMUM (RFC 1035 §3.3.13). */
const soaMinimum = (rdata: Buffer): number => rdata.readUInt32BE(rdata.length - 4);

export function signZone(zone: ZoneContent, key: SigningKey, window: SignatureWindow): SignedZone {
  const { origin } = zone;
  const soa = zone.rrsets.find((r) => r.type === RRType.SOA && r.name === origin);
  if (soa === undefined || soa.rdata.length !== 1) throw new Error(`${origin} has no SOA record to sign`);
  const delegations = new Set(zone.rrsets.filter((r) => r.type === RRType.NS && r.name !== origin).map((r) => r.name));
  // Below a delegation point only glue lives: not authoritative, neither signed nor chained.
  const occluded = (name: Name): boolean => {
    for (let n = parentName(name); n !== null && isSubdomain(n, origin) && n !== origin; n = parentName(n)) if (delegations.has(n)) return true;
    return false;
  };
  const dnskey = dnskeyRdata(key);
  const tag = keyTag(dnskey);
  const negativeTtl = Math.min(soa.ttl, soaMinimum(soa.rdata[0]!));
  const apex: RRset[] = [
    { name: origin, type: RRType.DNSKEY, ttl: DNSKEY_TTL, rdata: [dnskey] },
    { name: origin, type: RRType.NSEC3PARAM, ttl: 0, rdata: [nsec3paramRdata()] },
  ];
  const authoritative = [...zone.rrsets.filter((r) => isSubdomain(r.name, origin) && !occluded(r.name)), ...apex];

  // Every authoritative name with its types, and the empty non-terminals above them.
  const types = new Map<Name, number[]>();
  for (const rrset of authoritative) types.set(rrset.name, [...(types.get(rrset.name) ?? []), rrset.type]);
  for (const name of [...types.keys()]) {
    for (let n = parentName(name); n !== null && n !== origin && isSubdomain(n, origin) && !types.has(n); n = parentName(n)) types.set(n, []);
  }
  const signed = (rrset: RRset): boolean => !(rrset.type === RRType.NS && delegations.has(rrset.name));
  const withSignatures = new Set(authoritative.filter(signed).map((r) => r.name));
  const chain = [...types]
    .map(([name, present]) => ({ hash: nsec3Hash(name), types: withSignatures.has(name) ? [...present, RRType.RRSIG] : present }))
    .sort((a, b) => Buffer.compare(a.hash, b.hash));
  const nsec3 = chain.map((link, i) => ({
    name: `${base32hex(link.hash)}.${origin}` as Name,
    type: RRType.NSEC3,
    ttl: negativeTtl,
    rdata: [nsec3Rdata(chain[(i + 1) % chain.length]!.hash, link.types)],
  }));

  const signatures = [...authoritative.filter(signed), ...nsec3].map((rrset) => ({ name: rrset.name, covered: rrset.type, ttl: rrset.ttl, rdata: rrsigRdata(rrset, origin, key, tag, window) }));
  return { origin, rrsets: [...zone.rrsets, ...apex, ...nsec3], signatures };
}
