// The answer algorithm of RFC 1034 §4.3.2, step for step as NSD 4.6 runs it (query.c
// answer_lookup_zone / answer_authoritative / answer_domain) with `minimal-responses: yes`.
//
// The result lists which RRsets go in which section, in NSD's insertion order; the encoder
// writes them. Outcomes are named as in NSD: answer, nodata, nxdomain, referral, refused.
import { MAX_NAME_LENGTH } from '../shared/dns/name.js';
import { RRType } from '../shared/dns/rr-type.js';
import { keyIsSubdomain, parentKey } from './name-key.js';
import type { NameKey } from './name-key.js';
import type { ServedZone } from './index/served-zone.js';
import { allocateRRsetIds, NO_SIGNATURES } from './index/zone-data.js';
import type { IndexedRRset, ZoneNode } from './index/zone-data.js';
import type { ZoneTable } from './index/zone-table.js';
import { onlyNsec3 } from './nsec3-proofs.js';
import { denialProofs } from './denial-proofs.js';
import type { CoverFrom, DenialProofs } from './denial-proofs.js';

/** Sections in encoding order; NSD keeps A and AAAA glue apart so A glue (or AAAA over IPv6) goes first. */
export const Section = { Answer: 0, Authority: 1, AdditionalFirst: 2, AdditionalSecond: 3 } as const;
export type SectionId = (typeof Section)[keyof typeof Section];

export interface AnswerEntry {
  section: SectionId;
  /** The owner to write: the qname for wildcard-synthesised RRsets (RFC 4592 §3.3.1). */
  readonly owner: NameKey;
  /** Identity for de-duplication: an RRset is added once per owner (NSD answer_add_rrset). */
  readonly identity: string;
  readonly rrset: IndexedRRset;
  /**
   * For a CNAME synthesised from a DNAME whose owner is not the qname: NSD writes the labels
   * above the DNAME owner afresh (its temporary domains have no compression offsets).
   */
  readonly freshAbove?: NameKey;
}

export interface LookupQuestion {
  readonly key: NameKey;
  readonly type: number;
  /** QCLASS ANY (255): NSD answers without AA and without SOA in negative answers. */
  readonly classAny: boolean;
  /** Over IPv6, NSD puts AAAA glue before A glue. */
  readonly ipv6: boolean;
  /** DO (RFC 3225): signed zones add DS to referrals and NSEC3 proofs to denials (the encoder adds the RRSIGs). */
  readonly dnssecOk: boolean;
}

export type LookupResult =
  | { readonly kind: 'refused' }
  | {
      readonly kind: 'answer' | 'nodata' | 'nxdomain' | 'referral';
      readonly aa: boolean;
      readonly rcode: 0 | 3 | 6;
      readonly entries: readonly AnswerEntry[];
      /**
       * The one zone the answer was read from, or null when it also depends on other zones or
       * on which zones the table holds (a CNAME into another zone or out of ours, DS from the
       * parent): the answer cache keeps an answer as long as what it depends on is unchanged.
       */
      readonly zone: ServedZone | null;
    };

/** NSD's cap on RRsets per answer (MAXRRSPP); a CNAME chain stops growing there. */
const MAX_ENTRIES = 10240;
/** Identity of the query name itself when it is synthesised from a wildcard (NSD domain number 0). */
const QNAME_IDENTITY = '';

class Resolution {
  kind: 'refused' | 'answer' | 'nodata' | 'nxdomain' | 'referral' = 'refused';
  aa = false;
  rcode: 0 | 3 | 6 = 0;
  cnameCount = 0;
  readonly entries: AnswerEntry[] = [];
  /** The first zone consulted, and whether anything else was (see LookupResult.zone). */
  zone: ServedZone | undefined;
  dependsOnTable = false;
  /** CNAMEs synthesised from DNAMEs, by owner and target, so a repeat is recognised as a loop. */
  readonly #synthesised = new Map<string, IndexedRRset>();

  constructor(
    readonly table: ZoneTable,
    readonly q: LookupQuestion,
  ) {}

  /** answer_lookup_zone: find the zone for `key`, then a referral or authoritative data; `from`: see CoverFrom. */
  lookupZone(key: NameKey, from: CoverFrom = 'name'): void {
    let zone = this.table.findZone(key);
    this.consulted(zone);
    if (zone === undefined) {
      if (this.cnameCount === 0) this.kind = 'refused';
      return;
    }
    let node = zone.node(key);
    const exact = node !== undefined;
    let encloser = node ?? zone.closestNode(key);
    // RFC 4035 §3.1.4.1: a DS query at a child apex is answered by the parent if we serve it,
    // else NODATA (a DS RRset at the apex itself is never served, as in NSD).
    if (exact && this.q.type === RRType.DS && key === zone.originKey) {
      const parent = this.table.parentOf(zone);
      this.dependsOnTable = true;
      node = parent?.node(key);
      if (node === undefined) {
        this.aa = !this.q.classAny;
        this.nodata(parent ?? zone, parent === undefined ? zone.apex : undefined);
        return;
      }
      zone = parent!;
      encloser = node;
    }
    // A cut below a DNAME is occluded by it (NSD answer_lookup_zone: "use higher DNAME").
    const cut = encloser.delegation?.dnameAbove === undefined ? encloser.delegation : undefined;
    if (cut !== undefined && !(exact && this.q.type === RRType.DS && encloser.key === cut.key)) {
      this.referral(zone, cut);
      return;
    }
    this.aa = !this.q.classAny;
    this.authoritative(zone, key, exact ? node : undefined, encloser, from);
  }

  /** Notes that the answer depends on `zone` (undefined: on no zone serving a name). */
  consulted(zone: ServedZone | undefined): void {
    if (zone === undefined) this.dependsOnTable = true;
    else if (this.zone === undefined) this.zone = zone;
    else if (zone !== this.zone) this.dependsOnTable = true;
  }

  /** answer_delegation: NS of the cut in authority, glue in additional; AA only after a CNAME. */
  referral(zone: ServedZone, cut: ZoneNode): void {
    this.kind = 'referral';
    this.aa = this.cnameCount > 0;
    this.add(zone, Section.Authority, cut.key, cut.key, cut.rrsets.get(RRType.NS)!);
    const proofs = this.proofs(zone);
    if (proofs === undefined) return;
    const ds = cut.rrsets.get(RRType.DS);
    if (ds !== undefined) this.add(zone, Section.Authority, cut.key, cut.key, ds);
    else proofs.insecureDelegation(cut);
  }

  /** The zone's denial proofs when the query asked for DNSSEC and the zone is signed. */
  proofs(zone: ServedZone): DenialProofs | undefined {
    if (!this.q.dnssecOk) return undefined;
    return denialProofs(zone, (node, rrset) => this.add(zone, Section.Authority, node.key, node.key, rrset));
  }

  /** answer_authoritative: exact match, DNAME (RFC 6672), wildcard synthesis (RFC 4592), or NXDOMAIN. */
  authoritative(zone: ServedZone, key: NameKey, node: ZoneNode | undefined, encloser: ZoneNode, from: CoverFrom): void {
    // A name holding only NSEC3 records is answered as if it did not exist (NSD answer_authoritative).
    if (node !== undefined && onlyNsec3(node)) {
      node = undefined;
      encloser = zone.closestNode(key);
    }
    // Data below a DNAME is occluded: the DNAME's owner becomes the closest encloser.
    const occluding = encloser.dnameAbove;
    if (occluding !== undefined) {
      node = undefined;
      encloser = occluding;
    }
    const dname = node === undefined ? encloser.rrsets.get(RRType.DNAME) : undefined;
    const proofs = this.proofs(zone);
    if (node !== undefined) {
      if (node.order.length === 0) proofs?.emptyNonTerminal(node, this.q.type);
      this.domain(zone, node, key, key);
    } else if (dname !== undefined) {
      this.dname(zone, key, encloser, dname);
    } else if (encloser.wildcard !== undefined) {
      proofs?.wildcard(encloser.wildcard, key, from);
      if (encloser.wildcard.order.length === 0) proofs?.emptyNonTerminal(encloser.wildcard, this.q.type);
      this.domain(zone, encloser.wildcard, key, this.cnameCount === 0 ? QNAME_IDENTITY : key);
    } else {
      this.kind = 'nxdomain';
      this.rcode = 3;
      proofs?.nxdomain(encloser, key, from);
      this.soa(zone);
    }
  }

  /** answer_domain: the RRset asked for, one RRset for ANY (RFC 8482 §4.1), a CNAME, or NODATA. */
  domain(zone: ServedZone, node: ZoneNode, owner: NameKey, identity: string): void {
    const { type } = this.q;
    if (type === RRType.ANY) {
      const chosen = pickAnyRRset(node);
      if (chosen === undefined) return this.nodata(zone, node);
      this.kind = 'answer';
      this.add(zone, Section.Answer, owner, identity, chosen);
      return;
    }
    if (type === RRType.NSEC3) return this.nodata(zone, node);
    const rrset = type === RRType.RRSIG ? signaturesAt(node) : node.rrsets.get(type);
    if (rrset !== undefined) {
      this.kind = 'answer';
      this.add(zone, Section.Answer, owner, identity, rrset);
      return;
    }
    const cname = node.rrsets.get(RRType.CNAME);
    if (cname === undefined) return this.nodata(zone, node);
    this.kind = 'answer';
    // A CNAME already in the answer means a loop: stop following (NSD answer_domain).
    if (this.add(zone, Section.Answer, owner, identity, cname) && this.entries.length < MAX_ENTRIES) {
      this.cnameCount++;
      this.lookupZone(cname.targets[0]!);
    }
  }

  /**
   * RFC 6672 §3.1 as NSD does it: the DNAME, then a CNAME synthesised from `key` to the name
   * with the DNAME owner replaced by its target (TTL of the DNAME), which is then followed.
   * YXDOMAIN when the new name is too long; a DNAME or synthesised CNAME seen before ends a loop.
   */
  dname(zone: ServedZone, key: NameKey, owner: ZoneNode, dname: IndexedRRset): void {
    this.kind = 'answer';
    const target = dname.targets[0]!;
    if (!this.add(zone, Section.Answer, owner.key, owner.key, dname) && keyIsSubdomain(target, owner.key)) return;
    const newKey = (key.slice(0, key.length - owner.key.length) + target) as NameKey;
    this.cnameCount++;
    if (newKey.length > MAX_NAME_LENGTH) {
      this.rcode = 6;
      return;
    }
    const identity = `${key}>${newKey}`;
    let cname = this.#synthesised.get(identity);
    if (cname === undefined) {
      // NSD writes the target's labels below its closest existing name afresh (temporary domains).
      const encloser = this.closestTreeName(newKey);
      const rdata = encloser === undefined ? newKey : { key: newKey, freshAbove: encloser };
      cname = { id: allocateRRsetIds(1), type: RRType.CNAME, ttl: dname.ttl, records: [[rdata]], targets: [newKey], signatures: NO_SIGNATURES };
      this.#synthesised.set(identity, cname);
    }
    const freshAbove = key === this.q.key ? undefined : owner.key;
    if (!this.add(zone, Section.Answer, key, identity, cname, freshAbove) || this.q.type === RRType.CNAME) return;
    if (this.entries.length < MAX_ENTRIES) this.lookupZone(newKey, 'encloser');
  }

  /**
   * The nearest name at or above `key` that NSD's name tree holds (an owner or a name in
   * RDATA), or undefined when that is `key` itself or no zone we serve holds `key`. NSD writes
   * the labels below it afresh in a CNAME synthesised from a DNAME.
   */
  closestTreeName(key: NameKey): NameKey | undefined {
    const zone = this.table.findZone(key);
    this.consulted(zone);
    if (zone === undefined) return undefined;
    for (let k: NameKey | null = key; k !== null; k = parentKey(k)) {
      if (zone.node(k) !== undefined || zone.data.hasRdataName(k)) return k === key ? undefined : k;
    }
    return undefined;
  }

  /** NODATA: the SOA, then with DO the NSEC3 proof for `original` (the wildcard itself when synthesised from one). */
  nodata(zone: ServedZone, original: ZoneNode | undefined): void {
    this.kind = 'nodata';
    this.soa(zone);
    if (original !== undefined) this.proofs(zone)?.nodata(original, this.q.type);
  }

  /** RFC 2308 §3: the SOA (TTL capped by MINIMUM) in authority; NSD omits it for QCLASS ANY. */
  soa(zone: ServedZone): void {
    if (!this.q.classAny) this.add(zone, Section.Authority, zone.originKey, zone.originKey, zone.data.negativeSoa);
  }

  /**
   * answer_add_rrset + add_rrset: adds an RRset once (moving it to an earlier section if added
   * again) and, as minimal-responses NSD does, adds A/AAAA of NS targets only for NS RRsets in
   * authority or when the question is for NS. Returns false when it was already present.
   */
  add(zone: ServedZone, section: SectionId, owner: NameKey, identity: string, rrset: IndexedRRset, freshAbove?: NameKey): boolean {
    const existing = this.entries.find((e) => e.rrset.id === rrset.id && e.identity === identity);
    if (existing !== undefined) {
      if (section >= existing.section) return false;
      existing.section = section;
      return true;
    }
    if (this.entries.length >= MAX_ENTRIES) return false;
    this.entries.push(freshAbove === undefined ? { section, owner, identity, rrset } : { section, owner, identity, rrset, freshAbove });
    if ((section === Section.Authority || this.q.type === RRType.NS) && rrset.type === RRType.NS) this.glue(zone, rrset);
    return true;
  }

  /** add_additional_rrsets: A and AAAA of each NS target held in the same zone (also below cuts, and from wildcards). */
  glue(zone: ServedZone, ns: IndexedRRset): void {
    const [first, second] = this.q.ipv6 ? [RRType.AAAA, RRType.A] : [RRType.A, RRType.AAAA];
    for (const target of ns.targets) {
      const source = zone.node(target) ?? wildcardFor(zone, target);
      if (source === undefined) continue;
      const a = source.rrsets.get(first);
      if (a !== undefined) this.add(zone, Section.AdditionalFirst, target, target, a);
      const b = source.rrsets.get(second);
      if (b !== undefined) this.add(zone, Section.AdditionalSecond, target, target, b);
    }
  }
}

const PREFERRED_ANY = new Set<number>([RRType.A, RRType.AAAA, RRType.SOA, RRType.MX, RRType.PTR]);
const NON_PREFERRED_ANY = new Set<number>([RRType.DNSKEY, RRType.RRSIG, RRType.NSEC]);

/**
 * RFC 8482 §4.1 as NSD 4.6 does it: one RRset, the first of A/AAAA/SOA/MX/PTR in zone order,
 * else the last other type, else the last of DNSKEY/RRSIG/NSEC.
 */
function pickAnyRRset(node: ZoneNode): IndexedRRset | undefined {
  let normal: IndexedRRset | undefined;
  let nonPreferred: IndexedRRset | undefined;
  for (const rrset of node.order) {
    if (rrset.type === RRType.NSEC3) continue;
    if (PREFERRED_ANY.has(rrset.type)) return rrset;
    if (NON_PREFERRED_ANY.has(rrset.type)) nonPreferred = rrset;
    else normal = rrset;
  }
  return normal ?? nonPreferred;
}

/**
 * Every signature at a node as NSD holds them, one RRSIG RRset per owner in zone order (each
 * record with the TTL of the RRset it covers); undefined when there are none.
 */
function signaturesAt(node: ZoneNode): IndexedRRset | undefined {
  const records: Buffer[][] = [];
  const recordTtls: number[] = [];
  for (const rrset of node.order) {
    for (const signature of rrset.signatures) {
      records.push([signature]);
      recordTtls.push(rrset.ttl);
    }
  }
  if (records.length === 0) return undefined;
  return { id: allocateRRsetIds(1), type: RRType.RRSIG, ttl: recordTtls[0]!, records, targets: [], signatures: NO_SIGNATURES, recordTtls };
}

/** The wildcard that would synthesise `key`'s data, if its closest encloser has one. */
function wildcardFor(zone: ServedZone, key: NameKey): ZoneNode | undefined {
  if (key === zone.originKey || !keyIsSubdomain(key, zone.originKey)) return undefined;
  return zone.closestNode(key).wildcard;
}

/**
 * Answers one question from the zone table. Pure and synchronous: reads only `table`, so a
 * concurrent reload (which swaps the table reference) never mixes generations.
 * Example: a CNAME to a name in another zone we serve is followed into that zone, as NSD does.
 */
export function lookup(table: ZoneTable, q: LookupQuestion): LookupResult {
  const r = new Resolution(table, q);
  r.lookupZone(q.key);
  if (r.kind === 'refused') return { kind: 'refused' };
  return { kind: r.kind, aa: r.aa, rcode: r.rcode, entries: r.entries, zone: r.dependsOnTable ? null : r.zone! };
}
