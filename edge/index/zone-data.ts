// What the answer path reads of one zone, whatever holds it: a compact index built from a
// snapshot (zone-index.ts) or that index with journal deltas laid over it (layered-zone.ts).
import type { Name } from '../../shared/dns/name.js';
import type { NameKey } from '../name-key.js';

/**
 * One record's RDATA: raw byte runs, with compressible names given as keys between them. A
 * CNAME synthesised from a DNAME carries its target as a FreshName (see MessageWriter).
 */
export type RdataSegment = Buffer | NameKey | FreshName;

/** A name whose labels above `freshAbove` are written in full, as NSD writes its temporary domains. */
export interface FreshName {
  readonly key: NameKey;
  readonly freshAbove: NameKey;
}

export interface IndexedRRset {
  /** Unique per RRset in this process: two views of one RRset share it (NSD's rrset pointer). */
  readonly id: number;
  readonly type: number;
  readonly ttl: number;
  readonly records: readonly (readonly RdataSegment[])[];
  /** The names NS, CNAME and DNAME records point at, in record order (empty for other types). */
  readonly targets: readonly NameKey[];
  /** RRSIG RDATA over this RRset (none in an unsigned zone); written with the RRset's TTL. */
  readonly signatures: readonly Buffer[];
  /** Per record TTLs, where records differ (the RRSIG records of a name answered together). */
  readonly recordTtls?: readonly number[];
}

export const NO_SIGNATURES: readonly Buffer[] = [];

/** An NSEC3 owner's first label: SHA-1's 20 bytes in base32hex (RFC 5155 §3). */
export const NSEC3_LABEL_LENGTH = 32;

export interface ZoneNode {
  readonly key: NameKey;
  readonly rrsets: ReadonlyMap<number, IndexedRRset>;
  /** The RRsets in snapshot order (NSD picks ANY answers by this order). */
  readonly order: readonly IndexedRRset[];
  /** The `*` child, when there is one (RFC 4592 §2.1.1 "source of synthesis"). */
  readonly wildcard: ZoneNode | undefined;
  /** The highest node at or above this one (apex excluded) that holds an NS RRset: a zone cut. */
  readonly delegation: ZoneNode | undefined;
  /** The nearest strict ancestor (apex excluded) holding a DNAME, which occludes this node (RFC 6672 §2.3). */
  readonly dnameAbove: ZoneNode | undefined;
}

/** One zone's content as the lookup sees it. Immutable: a change makes a new ZoneData. */
export interface ZoneData {
  readonly origin: Name;
  readonly originKey: NameKey;
  /** The apex SOA's SERIAL. */
  readonly serial: number;
  readonly nodeCount: number;
  readonly recordCount: number;
  readonly apex: ZoneNode;
  /** The apex SOA with TTL = min(SOA TTL, MINIMUM), for negative answers (RFC 2308 §3). */
  readonly negativeSoa: IndexedRRset;
  /** The node named `key` (an owner or an empty non-terminal), if the zone has it. */
  node(key: NameKey): ZoneNode | undefined;
  hasNode(key: NameKey): boolean;
  /**
   * True when `key`, a name of this zone below its apex, is named in RDATA (an NS, CNAME or
   * DNAME target, or a compressible name) or is an ancestor of such a name: the names NSD's
   * name tree holds besides owners, which decide how a CNAME synthesised from a DNAME is written.
   */
  hasRdataName(key: NameKey): boolean;
  /**
   * The NSEC3 owner whose hash label (32 lower-case base32hex characters) matches `label` or
   * covers it (the last one before it, wrapping round to the last of all), and whether it
   * matches; undefined when the zone has no NSEC3 records.
   */
  nsec3Cover(label: Buffer): Nsec3Match | undefined;
  /**
   * The last owner of an NSEC RRset at or before `key` in canonical order (RFC 4034 §6.1):
   * the NSEC that covers or matches the name; undefined when none is.
   */
  nsecCover(key: NameKey): NameKey | undefined;
}

export interface Nsec3Match {
  readonly key: NameKey;
  readonly exact: boolean;
}

let nextRRsetId = 1;

/** Allocates `count` RRset ids no other RRset in this process uses. */
export function allocateRRsetIds(count: number): number {
  const first = nextRRsetId;
  nextRRsetId += count;
  return first;
}
