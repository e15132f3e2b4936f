// Signing a zone with its keys: DNSKEY, CDS, CDNSKEY (and NSEC3PARAM) at the apex (RFC 4034,
// RFC 7344), a chain of denial (NSEC3 over every authoritative name and empty non-terminal with
// RFC 9276's parameters, or NSEC: shared/dnssec/denial.ts), and an RRSIG over every
// authoritative RRset (RFC 4035 §2).
// The pieces are exported for the control plane's signer, which keeps the chain in its
// database and signs only what a publish changed; signZone puts them together for a whole zone.
import { isSubdomain, parentName } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import { RRType } from '../dns/rr-type.js';
import type { RRset, ZoneContent } from '../dns/rrset.js';
import { isSignedType, NSEC3_DENIAL } from './denial.js';
import type { Denial, DenialLink } from './denial.js';
import { nsec3paramRdata } from './nsec3.js';
import { rrsigRdata } from './rrsig.js';
import type { SignatureWindow } from './rrsig.js';
import { dnskeyRdata, dsRdata, keyTag } from './signing-key.js';
import type { SigningKey } from './signing-key.js';

/** The TTL of DNSKEY, CDS and CDNSKEY: how long a rollover waits for a new key to reach every cache. */
export const DNSKEY_TTL = 3600;

/** The types the signer adds at the apex of a signed zone (never stored as rows). */
export const APEX_KEY_TYPES: readonly number[] = [RRType.DNSKEY, RRType.CDS, RRType.CDNSKEY, RRType.NSEC3PARAM];

const CHAIN_TYPES: ReadonlySet<number> = new Set([RRType.RRSIG, RRType.NSEC, RRType.NSEC3]);

/**
 * Whether an RRset of `type` at `name` is the signer's own: signatures and chains anywhere,
 * the key RRsets at the apex. (CDS and CDNSKEY below the apex are data: RFC 9615 signals.)
 */
export function ownedBySigner(name: Name, type: number, origin: Name): boolean {
  return CHAIN_TYPES.has(type) || (name === origin && APEX_KEY_TYPES.includes(type));
}

/** What a signed zone holds without its signer's work: no signatures, none of the RRsets the signer owns. */
export function unsignedContent(zone: ZoneContent): ZoneContent {
  return {
    origin: zone.origin,
    rrsets: zone.rrsets.filter((r) => !ownedBySigner(r.name, r.type, zone.origin)).map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, rdata: r.rdata })),
  };
}

/** One key of a zone, opened, with its DNSKEY RDATA and tag. */
export interface ActiveKey {
  readonly key: SigningKey;
  readonly tag: number;
  readonly dnskey: Buffer;
}

export function activeKey(key: SigningKey): ActiveKey {
  const dnskey = dnskeyRdata(key);
  return { key, tag: keyTag(dnskey), dnskey };
}

/**
 * The keys a zone is signed with, what each is used for, and its chain of denial. Outside a
 * key rollover the three key lists hold the zone's one key; during one
 * (control/dnssec/key-rollover.ts) they differ.
 */
export interface ZoneKeys {
  readonly origin: Name;
  readonly denial: Denial;
  /** Every signed RRset carries a signature by each of these. */
  readonly signers: readonly ActiveKey[];
  /** The DNSKEY RRset. */
  readonly published: readonly ActiveKey[];
  /** The keys CDS and CDNSKEY name for the parent's DS (RFC 7344); none: the zone is going unsigned and asks the parent to delete the DS (RFC 8078 §4). */
  readonly submitted: readonly ActiveKey[];
}

/** A zone signed with one key; `removing`: asking the parent to delete its DS. */
export function zoneKey(origin: Name, key: SigningKey, removing = false, denial: Denial = NSEC3_DENIAL): ZoneKeys {
  const active = activeKey(key);
  return { origin, denial, signers: [active], published: [active], submitted: removing ? [] : [active] };
}

/** RFC 8078 §4: CDS "0 0 0 00" and CDNSKEY "0 3 0 AA==" ask the parent to remove the DS. */
const CDS_DELETE = Buffer.from([0, 0, 0, 0, 0]);
const CDNSKEY_DELETE = Buffer.from([0, 0, 3, 0, 0]);

/** The apex RRsets the keys give a signed zone: DNSKEY, CDS and CDNSKEY (RFC 7344), and NSEC3PARAM with an NSEC3 chain. */
export function apexKeyRRsets(zone: ZoneKeys): RRset[] {
  const { origin, submitted } = zone;
  const rrsets: RRset[] = [
    { name: origin, type: RRType.DNSKEY, ttl: DNSKEY_TTL, rdata: zone.published.map((k) => k.dnskey) },
    { name: origin, type: RRType.CDS, ttl: DNSKEY_TTL, rdata: submitted.length === 0 ? [CDS_DELETE] : submitted.map((k) => dsRdata(origin, k.dnskey)) },
    { name: origin, type: RRType.CDNSKEY, ttl: DNSKEY_TTL, rdata: submitted.length === 0 ? [CDNSKEY_DELETE] : submitted.map((k) => k.dnskey) },
  ];
  if (zone.denial === NSEC3_DENIAL) rrsets.push({ name: origin, type: RRType.NSEC3PARAM, ttl: 0, rdata: [nsec3paramRdata()] });
  return rrsets;
}

/** The types of the apex key RRsets of a zone with `denial`. */
export function apexKeyTypes(denial: Denial): number[] {
  return denial === NSEC3_DENIAL ? [...APEX_KEY_TYPES] : APEX_KEY_TYPES.filter((t) => t !== RRType.NSEC3PARAM);
}

/** The RRset with a signature by each signing key. */
export function signRRset(zone: ZoneKeys, rrset: RRset, window: SignatureWindow): RRset {
  return { name: rrset.name, type: rrset.type, ttl: rrset.ttl, rdata: rrset.rdata, signatures: zone.signers.map((k) => rrsigRdata(rrset, zone.origin, k.key, k.tag, window)) };
}

/** The TTL of NSEC3 records: the SOA's negative caching TTL, min(TTL, MINIMUM) (RFC 5155 §3, RFC 2308 §5). */
export function negativeTtl(soa: RRset): number {
  const rdata = soa.rdata[0]!;
  return Math.min(soa.ttl, rdata.readUInt32BE(rdata.length - 4));
}

/**
 * The zone with the apex key RRsets and the chain of denial added and every authoritative
 * RRset carrying its signature (delegation NS and glue carry none).
 */
export function signZone(content: ZoneContent, key: SigningKey, window: SignatureWindow, denial: Denial = NSEC3_DENIAL): ZoneContent {
  const { origin } = content;
  const zone = zoneKey(origin, key, false, denial);
  const soa = content.rrsets.find((r) => r.type === RRType.SOA && r.name === origin);
  if (soa === undefined || soa.rdata.length !== 1) throw new Error(`${origin} has no SOA record to sign`);
  const delegations = new Set(content.rrsets.filter((r) => r.type === RRType.NS && r.name !== origin).map((r) => r.name));
  // Below a delegation point only glue lives: not authoritative, neither signed nor chained.
  const occluded = (name: Name): boolean => {
    for (let n = parentName(name); n !== null && isSubdomain(n, origin) && n !== origin; n = parentName(n)) if (delegations.has(n)) return true;
    return false;
  };
  const apex = apexKeyRRsets(zone);
  const authoritative = [...content.rrsets.filter((r) => isSubdomain(r.name, origin) && !occluded(r.name)), ...apex];

  // Every authoritative name with its types, and (NSEC3) the empty non-terminals above them.
  const types = new Map<Name, number[]>();
  for (const rrset of authoritative) types.set(rrset.name, [...(types.get(rrset.name) ?? []), rrset.type]);
  if (denial.linksEmptyNonTerminals) {
    for (const name of [...types.keys()]) {
      for (let n = parentName(name); n !== null && n !== origin && isSubdomain(n, origin) && !types.has(n); n = parentName(n)) types.set(n, []);
    }
  }
  const chain: DenialLink[] = [...types]
    .map(([name, present]) => ({ key: denial.key(name), name, types: denial.types(present, delegations.has(name)) }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  const ttl = negativeTtl(soa);
  const records = chain.map((link, i) => denial.record(origin, link, chain[(i + 1) % chain.length]!, ttl));

  const toSign = new Set(authoritative.filter((r) => isSignedType(r.type, delegations.has(r.name))));
  const sign = (rrset: RRset): RRset => signRRset(zone, rrset, window);
  return { origin, rrsets: [...content.rrsets.map((r) => (toSign.has(r) ? sign(r) : r)), ...apex.map(sign), ...records.map(sign)] };
}
