// The NSEC3 records that prove a denial (RFC 5155 §7.2), chosen as NSD 4.6 chooses them
// (nsec3.c: nsec3_answer_nodata, nsec3_add_ds_proof, nsec3_add_closest_encloser_proof, ...),
// so that a signed zone answers with DO=1 exactly as NSD serves the same pre-signed zone.
//
// NSD precomputes, per name of a zone, whether its hash is in the chain ("exact") and which
// NSEC3 matches or covers it; here the same is found at query time: the name is hashed and
// looked up in the zone's ordered chain (ZoneData.nsec3Cover). A name below a cut, or a cut
// itself, has no such entry in NSD (domain_is_glue); a cut has its DS-side entry instead.
import { hash } from 'node:crypto';
import { RRType } from '../shared/dns/rr-type.js';
import { parentKey } from './name-key.js';
import type { NameKey } from './name-key.js';
import type { DenialProofs } from './denial-proofs.js';
import type { ServedZone } from './index/served-zone.js';
import { NSEC3_LABEL_LENGTH } from './index/zone-data.js';
import type { IndexedRRset, Nsec3Match, ZoneNode } from './index/zone-data.js';

const WILDCARD_LABEL = '\x01*';

/** A node holding NSEC3 records and nothing else: NSD answers as if it did not exist. */
export function onlyNsec3(node: ZoneNode): boolean {
  return node.order.length > 0 && node.order.every((r) => r.type === RRType.NSEC3);
}

const BASE32HEX = Buffer.from('0123456789abcdefghijklmnopqrstuv', 'latin1');
/** Hash labels of the names denials keep asking about (closest enclosers, their wildcards), as NSD keeps them per name. */
const hashLabels = new Map<NameKey, Buffer>();
const HASH_LABELS_KEPT = 65_536;

/** The NSEC3 hash label of a name (RFC 5155 §5, no salt, no extra iteration), as lower-case base32hex bytes. */
function hashLabel(key: NameKey): Buffer {
  const known = hashLabels.get(key);
  if (known !== undefined) return known;
  const digest = hash('sha1', Buffer.from(key, 'latin1'), 'buffer');
  // 20 bytes are 160 bits: 32 base32hex digits of 5 bits each, no padding.
  const label = Buffer.allocUnsafe(NSEC3_LABEL_LENGTH);
  for (let i = 0, bit = 0; i < NSEC3_LABEL_LENGTH; i++, bit += 5) {
    const byte = bit >> 3;
    const window = ((digest[byte]! << 8) | (digest[byte + 1] ?? 0)) >> (11 - (bit & 7));
    label[i] = BASE32HEX[window & 31]!;
  }
  if (hashLabels.size >= HASH_LABELS_KEPT) hashLabels.clear();
  hashLabels.set(key, label);
  return label;
}

/** Chooses the NSEC3 RRsets of one denial; `add` puts one in the authority section. */
export class Nsec3Proofs implements DenialProofs {
  constructor(
    private readonly zone: ServedZone,
    private readonly add: (node: ZoneNode, rrset: IndexedRRset) => void,
  ) {}

  /** A name error: the closest encloser proof and the wildcard's denial (nsec3_answer_authoritative without a match). */
  nxdomain(encloser: ZoneNode, qname: NameKey): void {
    this.#closestEncloserProof(encloser, qname);
    if (this.#hasEntry(encloser)) this.#addCover(this.#wildcardCover(encloser));
  }

  /** A wildcard answer: the next closer name does not exist (nsec3_answer_wildcard). */
  wildcard(wildcard: ZoneNode, qname: NameKey): void {
    // The source of synthesis is `*` below the closest encloser.
    this.#nonexistProof(parentKey(wildcard.key)!, qname);
  }

  /** An empty non-terminal's NODATA proof comes before the SOA (nsec3_answer_authoritative). */
  emptyNonTerminal(node: ZoneNode, qtype: number): void {
    this.nodata(node, qtype);
  }

  /** NODATA at `original` (the wildcard itself when synthesised from one): nsec3_answer_nodata. */
  nodata(original: ZoneNode, qtype: number): void {
    const wildcard = original.key.startsWith(WILDCARD_LABEL);
    if (qtype === RRType.DS) {
      if (original.key === this.zone.originKey) {
        this.#addExact(original);
        return;
      }
      this.#dsProof(original, false);
      if (wildcard) this.#addExact(this.#parent(original));
    } else if (wildcard) {
      this.#addExact(this.#parent(original));
      this.#addCover(this.#hashEntry(original));
    } else if (this.#hasEntry(original)) {
      let at = original;
      if (!this.#exact(at)) {
        for (let up = this.#parent(at); up !== undefined && this.#hasEntry(up) && !this.#exact(up); up = this.#parent(up)) at = up;
      }
      this.#addCover(this.#hashEntry(at));
      if (!this.#exact(at)) this.#addExact(this.#parent(at));
    }
  }

  /** A referral without DS: proof that the cut has none (nsec3_answer_delegation). */
  insecureDelegation(cut: ZoneNode): void {
    this.#dsProof(cut, true);
  }

  /**
   * The NSEC3 for the next closer name: the name one label below the closest encloser `encloser`
   * on the way down to `qname` (nsec3_add_nonexist_proof; qname is always below the encloser).
   */
  #nonexistProof(encloser: NameKey, qname: NameKey): void {
    let nextCloser = qname;
    for (let up = parentKey(nextCloser); up !== null && up !== encloser; up = parentKey(up)) nextCloser = up;
    this.#addCover(this.zone.data.nsec3Cover(hashLabel(nextCloser)));
  }

  #closestEncloserProof(encloser: ZoneNode, qname: NameKey): void {
    this.#nonexistProof(encloser.key, qname);
    this.#addExact(encloser);
  }

  /** nsec3_add_ds_proof: the cut's own NSEC3, or the closest provable encloser's and the next one's. */
  #dsProof(node: ZoneNode, delegation: boolean): void {
    const ds = this.#dsEntry(node);
    if (ds?.exact === true) return this.#addCover(ds);
    if (!delegation && this.#exact(node)) return this.#addCover(this.#hashEntry(node));
    let below: ZoneNode | undefined;
    let up = this.#parent(node);
    while (up !== undefined && !this.#exact(up)) {
      below = up;
      up = this.#parent(up);
    }
    if (up === undefined) return;
    this.#addCover(this.#hashEntry(up));
    if (below !== undefined) {
      if (this.#hasEntry(below)) this.#addCover(this.#hashEntry(below));
    } else if (this.#hasEntry(node)) this.#addCover(ds);
  }

  /** NSD's per-name hash entry: names of the zone that are not cuts, glue or NSEC3-only. */
  #hashEntry(node: ZoneNode): Nsec3Match | undefined {
    if (node.delegation !== undefined || onlyNsec3(node)) return undefined;
    return this.zone.data.nsec3Cover(hashLabel(node.key));
  }

  /** NSD's DS-side entry: a cut (NS or DS below the apex). */
  #dsEntry(node: ZoneNode): Nsec3Match | undefined {
    if (node.key === this.zone.originKey || !(node.rrsets.has(RRType.NS) || node.rrsets.has(RRType.DS))) return undefined;
    return this.zone.data.nsec3Cover(hashLabel(node.key));
  }

  #hasEntry(node: ZoneNode): boolean {
    return (node.delegation === undefined && !onlyNsec3(node)) || this.#dsEntry(node) !== undefined;
  }

  #exact(node: ZoneNode | undefined): boolean {
    return node !== undefined && this.#hashEntry(node)?.exact === true;
  }

  #wildcardCover(node: ZoneNode): Nsec3Match | undefined {
    if (this.#hashEntry(node) === undefined) return undefined;
    return this.zone.data.nsec3Cover(hashLabel((WILDCARD_LABEL + node.key) as NameKey));
  }

  #parent(node: ZoneNode): ZoneNode | undefined {
    if (node.key === this.zone.originKey) return undefined;
    const up = parentKey(node.key);
    return up === null ? undefined : this.zone.node(up);
  }

  #addExact(node: ZoneNode | undefined): void {
    if (node !== undefined && this.#exact(node)) this.#addCover(this.#hashEntry(node));
  }

  #addCover(match: Nsec3Match | undefined): void {
    if (match === undefined) return;
    const node = this.zone.node(match.key);
    const nsec3 = node?.rrsets.get(RRType.NSEC3);
    if (node !== undefined && nsec3 !== undefined) this.add(node, nsec3);
  }
}
