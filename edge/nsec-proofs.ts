// The NSEC records that prove a denial in a zone signed with NSEC (RFC 4035 §3.1.3), chosen as
// NSD 4.6 chooses them (query.c: find_covering_nsec, answer_authoritative, answer_nodata,
// answer_delegation): the NSEC covering a name is the one at the last name with an NSEC at or
// before it in canonical order (ZoneData.nsecCover), which is the name itself when it has one.
import { RRType } from '../shared/dns/rr-type.js';
import { parentKey } from './name-key.js';
import type { NameKey } from './name-key.js';
import type { CoverFrom, DenialProofs } from './denial-proofs.js';
import type { ServedZone } from './index/served-zone.js';
import type { IndexedRRset, ZoneNode } from './index/zone-data.js';

const WILDCARD_LABEL = '\x01*';

export class NsecProofs implements DenialProofs {
  constructor(
    private readonly zone: ServedZone,
    private readonly add: (node: ZoneNode, rrset: IndexedRRset) => void,
  ) {}

  /** No name and no wildcard: the NSEC covering the name, and the one covering the wildcard that would have matched. */
  nxdomain(encloser: ZoneNode, qname: NameKey, from: CoverFrom): void {
    this.#cover(from === 'name' ? qname : encloser.key);
    this.#cover((WILDCARD_LABEL + encloser.key) as NameKey);
  }

  /** An answer synthesised from a wildcard: the NSEC covering the name, proving it does not exist. */
  wildcard(wildcard: ZoneNode, qname: NameKey, from: CoverFrom): void {
    this.#cover(from === 'name' ? qname : parentKey(wildcard.key)!);
  }

  /** NSEC3 proves an empty non-terminal before the SOA; NSEC after it, as any NODATA. */
  emptyNonTerminal(): void {}

  /** NODATA at `original` (the wildcard itself when synthesised from one), after the SOA. */
  nodata(original: ZoneNode): void {
    this.#cover(original.key);
  }

  /** A referral without DS: the cut's NSEC, which lists no DS. */
  insecureDelegation(cut: ZoneNode): void {
    const nsec = cut.rrsets.get(RRType.NSEC);
    if (nsec !== undefined) this.add(cut, nsec);
  }

  #cover(key: NameKey): void {
    const owner = this.zone.data.nsecCover(key);
    const node = owner === undefined ? undefined : this.zone.node(owner);
    const nsec = node?.rrsets.get(RRType.NSEC);
    if (node !== undefined && nsec !== undefined) this.add(node, nsec);
  }
}
