// What a signed zone adds to a denial with DO=1, whichever chain it has (edge/nsec3-proofs.ts,
// edge/nsec-proofs.ts); lookup.ts calls these where NSD's query.c adds them, in NSD's order.
import { RRType } from '../shared/dns/rr-type.js';
import type { NameKey } from './name-key.js';
import type { ServedZone } from './index/served-zone.js';
import type { IndexedRRset, ZoneNode } from './index/zone-data.js';
import { Nsec3Proofs } from './nsec3-proofs.js';
import { NsecProofs } from './nsec-proofs.js';

/**
 * Where NSD looks for the NSEC covering a name that does not exist: the name itself, or,
 * when it is the target of a CNAME synthesised from a DNAME, its closest encloser (NSD makes
 * temporary domains of the target's missing labels, and find_covering_nsec walks up them).
 */
export type CoverFrom = 'name' | 'encloser';

export interface DenialProofs {
  /** A name error, before the SOA: the name does not exist, nor does a wildcard that would match it. */
  nxdomain(encloser: ZoneNode, qname: NameKey, from: CoverFrom): void;
  /** An answer synthesised from `wildcard`: the name itself does not exist. */
  wildcard(wildcard: ZoneNode, qname: NameKey, from: CoverFrom): void;
  /** An empty non-terminal matched, before its NODATA's SOA. */
  emptyNonTerminal(node: ZoneNode, qtype: number): void;
  /** NODATA at `original`, after the SOA. */
  nodata(original: ZoneNode, qtype: number): void;
  /** A referral to a cut with no DS. */
  insecureDelegation(cut: ZoneNode): void;
}

/** NSD's zone_is_secure: an RRSIG over the apex DNSKEY. */
function isSecure(zone: ServedZone): boolean {
  return (zone.apex.rrsets.get(RRType.DNSKEY)?.signatures.length ?? 0) > 0;
}

/** The zone's proofs of denial, or undefined when it is not signed: NSEC3 when its apex has an NSEC3PARAM (NSD nsec3_param), NSEC otherwise. */
export function denialProofs(zone: ServedZone, add: (node: ZoneNode, rrset: IndexedRRset) => void): DenialProofs | undefined {
  if (!isSecure(zone)) return undefined;
  return zone.apex.rrsets.has(RRType.NSEC3PARAM) ? new Nsec3Proofs(zone, add) : new NsecProofs(zone, add);
}
