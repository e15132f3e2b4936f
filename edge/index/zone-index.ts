// The in-memory index of one zone, built once at load time so a query does only map lookups.
//
// Every owner name and every empty non-terminal between it and the apex is a node; each node
// knows its RRsets (in snapshot order, which ANY answers depend on), its wildcard child and
// the highest zone cut at or above it. RDATA is pre-split into byte runs and name keys so the
// encoder can compress the names NSD compresses (RFC 1035 §4.1.4) without parsing RDATA again.
import { compressibleNameOffsets } from '../../shared/dns/rdata.js';
import { isSubdomain, readWireName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import { keyFromName, keyFromWire, parentKey, WILDCARD_PREFIX } from '../name-key.js';
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
  readonly type: number;
  readonly ttl: number;
  readonly records: readonly (readonly RdataSegment[])[];
  /** The names NS, CNAME and DNAME records point at, in record order (empty for other types). */
  readonly targets: readonly NameKey[];
}

export interface ZoneNode {
  readonly key: NameKey;
  readonly rrsets: Map<number, IndexedRRset>;
  /** The RRsets in snapshot order (NSD picks ANY answers by this order). */
  readonly order: IndexedRRset[];
  /** The `*` child, when there is one (RFC 4592 §2.1.1 "source of synthesis"). */
  wildcard: ZoneNode | undefined;
  /** The highest node at or above this one (apex excluded) that holds an NS RRset: a zone cut. */
  delegation: ZoneNode | undefined;
  /** The nearest strict ancestor (apex excluded) holding a DNAME, which occludes this node (RFC 6672 §2.3). */
  dnameAbove: ZoneNode | undefined;
}

export interface ZoneIndex {
  readonly origin: Name;
  readonly originKey: NameKey;
  readonly apex: ZoneNode;
  readonly nodes: ReadonlyMap<NameKey, ZoneNode>;
  /** The apex SOA with TTL = min(SOA TTL, MINIMUM), for negative answers (RFC 2308 §3). */
  readonly negativeSoa: IndexedRRset;
  readonly serial: number;
}

/** The zone content cannot be served (no SOA at the apex, malformed RDATA). */
export class ZoneIndexError extends Error {
  override name = 'ZoneIndexError';
}

function splitRdata(type: number, wire: Buffer): RdataSegment[] {
  const offsets = compressibleNameOffsets(type, wire);
  if (offsets.length === 0) return [wire];
  const segments: RdataSegment[] = [];
  let pos = 0;
  for (const offset of offsets) {
    if (offset > pos) segments.push(wire.subarray(pos, offset));
    const { name, next } = readWireName(wire, offset);
    segments.push(keyFromName(name));
    pos = next;
  }
  if (pos < wire.length) segments.push(wire.subarray(pos));
  return segments;
}

function indexRRset(type: number, ttl: number, rdata: readonly Buffer[]): IndexedRRset {
  const targets = type === RRType.NS || type === RRType.CNAME || type === RRType.DNAME ? rdata.map((r) => keyFromWire(r, 0)) : [];
  return { type, ttl, records: rdata.map((r) => splitRdata(type, r)), targets };
}

/**
 * Builds the index of a zone. Pure; throws ZoneIndexError when the zone has no SOA at its
 * apex or a record's RDATA does not parse. Records outside the origin are ignored (as NSD
 * ignores out-of-zone data).
 */
export function buildZoneIndex(zone: ZoneContent): ZoneIndex {
  const originKey = keyFromName(zone.origin);
  const nodes = new Map<NameKey, ZoneNode>();
  const nodeFor = (key: NameKey): ZoneNode => {
    let node = nodes.get(key);
    if (node !== undefined) return node;
    node = { key, rrsets: new Map(), order: [], wildcard: undefined, delegation: undefined, dnameAbove: undefined };
    nodes.set(key, node);
    if (key !== originKey) {
      const parent = nodeFor(parentKey(key)!);
      if (key.startsWith(WILDCARD_PREFIX)) parent.wildcard = node;
    }
    return node;
  };
  const apex = nodeFor(originKey);
  // Group records by (owner, type) first: a snapshot may list one RRset in several pieces.
  const groups = new Map<string, { name: Name; type: number; ttl: number; rdata: Buffer[] }>();
  for (const rrset of zone.rrsets) {
    if (!isSubdomain(rrset.name, zone.origin) || rrset.rdata.length === 0) continue;
    const id = `${rrset.type}/${rrset.name}`;
    const group = groups.get(id);
    if (group === undefined) groups.set(id, { name: rrset.name, type: rrset.type, ttl: rrset.ttl, rdata: [...rrset.rdata] });
    else group.rdata.push(...rrset.rdata);
  }
  try {
    for (const group of groups.values()) {
      const node = nodeFor(keyFromName(group.name));
      const indexed = indexRRset(group.type, group.ttl, group.rdata);
      node.rrsets.set(group.type, indexed);
      node.order.push(indexed);
    }
  } catch (err) {
    throw new ZoneIndexError(`zone ${zone.origin}: ${(err as Error).message}`, { cause: err });
  }
  const soa = apex.rrsets.get(RRType.SOA);
  const soaWire = zone.rrsets.find((r) => r.type === RRType.SOA && r.name === zone.origin)?.rdata[0];
  if (soa === undefined || soaWire === undefined || soaWire.length < 22) throw new ZoneIndexError(`zone ${zone.origin} has no SOA record at its apex`);
  const minimum = soaWire.readUInt32BE(soaWire.length - 4);
  const serial = soaWire.readUInt32BE(soaWire.length - 20);
  markDelegations(nodes, apex);
  return {
    origin: zone.origin,
    originKey,
    apex,
    nodes,
    negativeSoa: { ...soa, ttl: Math.min(soa.ttl, minimum), records: soa.records.slice(0, 1) },
    serial,
  };
}

/**
 * Sets each node's `delegation` and `dnameAbove`, parents first: the highest cut wins (NSD
 * domain_find_ns_rrsets), the nearest DNAME wins (NSD find_dname_above).
 */
function markDelegations(nodes: Map<NameKey, ZoneNode>, apex: ZoneNode): void {
  const sorted = [...nodes.values()].sort((a, b) => a.key.length - b.key.length);
  for (const node of sorted) {
    if (node === apex) continue;
    const parent = nodes.get(parentKey(node.key)!)!;
    node.delegation = parent.delegation ?? (node.rrsets.has(RRType.NS) ? node : undefined);
    node.dnameAbove = parent === apex ? undefined : parent.rrsets.has(RRType.DNAME) ? parent : parent.dnameAbove;
  }
}
