// The in-memory index of one zone: compact arrays built once at load time (zone-builder.ts),
// read through ZoneNode views made on demand for the few names a query touches.
//
// Every owner name and every empty non-terminal between it and the apex is a node; each node
// knows its RRsets (in snapshot order, which ANY answers depend on), its wildcard child and
// the highest zone cut at or above it. A node's RDATA is split into byte runs and name keys
// when its view is made, so the encoder can compress the names NSD compresses (RFC 1035
// §4.1.4) without parsing RDATA again. Views carry no identity: compare nodes by key and
// RRsets by id.
import { compressibleNameOffsets } from '../../shared/dns/rdata.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { keyFromWireBytes, wireNameEnd } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import type { CompactZone } from './zone-builder.js';
import { ZoneIndexError } from './zone-index-error.js';

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
}

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

/** Node views kept between queries; past this many the cache starts over (views are cheap to remake). */
const VIEW_CACHE_LIMIT = 4096;

let nextRRsetId = 1;

/** Allocates `count` RRset ids no other RRset in this process uses. */
export function allocateRRsetIds(count: number): number {
  const first = nextRRsetId;
  nextRRsetId += count;
  return first;
}

class NodeView implements ZoneNode {
  readonly #zone: ZoneIndex;
  readonly #id: number;

  constructor(
    zone: ZoneIndex,
    id: number,
    readonly key: NameKey,
    readonly rrsets: ReadonlyMap<number, IndexedRRset>,
    readonly order: readonly IndexedRRset[],
  ) {
    this.#zone = zone;
    this.#id = id;
  }

  get wildcard(): ZoneNode | undefined {
    return this.#zone.nodeById(this.#zone.data.wildcard[this.#id]!);
  }

  get delegation(): ZoneNode | undefined {
    return this.#zone.nodeById(this.#zone.data.delegation[this.#id]!);
  }

  get dnameAbove(): ZoneNode | undefined {
    return this.#zone.nodeById(this.#zone.data.dnameAbove[this.#id]!);
  }
}

function splitRdata(type: number, wire: Buffer): RdataSegment[] {
  const offsets = compressibleNameOffsets(type, wire);
  if (offsets.length === 0) return [wire];
  const segments: RdataSegment[] = [];
  let pos = 0;
  for (const offset of offsets) {
    if (offset > pos) segments.push(wire.subarray(pos, offset));
    pos = wireNameEnd(wire, offset);
    segments.push(keyFromWireBytes(wire, offset, pos));
  }
  if (pos < wire.length) segments.push(wire.subarray(pos));
  return segments;
}

export class ZoneIndex {
  readonly origin: Name;
  readonly originKey: NameKey;
  readonly apex: ZoneNode;
  /** The apex SOA with TTL = min(SOA TTL, MINIMUM), for negative answers (RFC 2308 §3). */
  readonly negativeSoa: IndexedRRset;
  readonly serial: number;
  readonly #firstId: number;
  readonly #views = new Map<number, ZoneNode>();

  /** Use indexSnapshot or buildZoneIndex; the arrays must satisfy CompactZone's invariants. */
  constructor(readonly data: CompactZone) {
    this.origin = data.origin;
    this.originKey = data.originKey;
    // One id per RRset entry plus one for the negative SOA.
    this.#firstId = allocateRRsetIds(data.rrType.length + 1);
    this.apex = this.#makeView(0);
    const soa = this.apex.rrsets.get(RRType.SOA);
    const soaWire = soa === undefined ? undefined : this.#records(this.#entryOf(soa))[0];
    if (soa === undefined || soaWire === undefined || soaWire.length < 22) throw new ZoneIndexError(`zone ${data.origin} has no SOA record at its apex`);
    const minimum = soaWire.readUInt32BE(soaWire.length - 4);
    this.serial = soaWire.readUInt32BE(soaWire.length - 20);
    const negativeId = this.#firstId + data.rrType.length;
    this.negativeSoa = { id: negativeId, type: RRType.SOA, ttl: Math.min(soa.ttl, minimum), records: soa.records.slice(0, 1), targets: [] };
  }

  get nodeCount(): number {
    return this.data.nodeCount;
  }

  get recordCount(): number {
    return this.data.recordCount;
  }

  /** The node named `key` (an owner or an empty non-terminal), if the zone has it. */
  node(key: NameKey): ZoneNode | undefined {
    return this.nodeById(this.data.names.findKey(key));
  }

  hasNode(key: NameKey): boolean {
    return this.data.names.findKey(key) >= 0;
  }

  /** Every node's key, apex first, each after its ancestors (made on each call). */
  *keys(): Generator<NameKey> {
    for (let id = 0; id < this.data.nodeCount; id++) yield this.#keyOf(id);
  }

  #keyOf(id: number): NameKey {
    const start = this.data.names.offsets[id]!;
    return keyFromWireBytes(this.data.body, start, wireNameEnd(this.data.body, start));
  }

  /** Every node, made one at a time and not cached (for whole-zone scans done once). */
  *nodes(): Generator<ZoneNode> {
    for (let id = 0; id < this.data.nodeCount; id++) yield id === 0 ? this.apex : this.#makeView(id);
  }

  /** The node numbered `id` (see CompactZone), or undefined for -1. */
  nodeById(id: number): ZoneNode | undefined {
    if (id < 0) return undefined;
    if (id === 0) return this.apex;
    let view = this.#views.get(id);
    if (view === undefined) {
      if (this.#views.size >= VIEW_CACHE_LIMIT) this.#views.clear();
      view = this.#makeView(id);
      this.#views.set(id, view);
    }
    return view;
  }

  #makeView(id: number): ZoneNode {
    const d = this.data;
    const rrsets = new Map<number, IndexedRRset>();
    const order: IndexedRRset[] = [];
    for (let entry = d.firstRRset[id]!; entry >= 0; entry = d.rrNext[entry]!) {
      const rrset = this.#makeRRset(entry);
      rrsets.set(rrset.type, rrset);
      order.push(rrset);
    }
    return new NodeView(this, id, this.#keyOf(id), rrsets, order);
  }

  #makeRRset(entry: number): IndexedRRset {
    const type = this.data.rrType[entry]!;
    const wires = this.#records(entry);
    const targets = type === RRType.NS || type === RRType.CNAME || type === RRType.DNAME ? wires.map((w) => keyFromWireBytes(w, 0, wireNameEnd(w, 0))) : [];
    return { id: this.#firstId + entry, type, ttl: this.data.rrTtl[entry]!, records: wires.map((w) => splitRdata(type, w)), targets };
  }

  #entryOf(rrset: IndexedRRset): number {
    return rrset.id - this.#firstId;
  }

  /** The RDATA of every record of an RRset entry and its later pieces, as views of the body. */
  #records(entry: number): Buffer[] {
    const d = this.data;
    const wires: Buffer[] = [];
    for (let piece = entry; piece >= 0; piece = d.rrPiece[piece]!) {
      let pos = d.rrOffset[piece]!;
      for (let r = 0; r < d.rrCount[piece]!; r++) {
        const end = pos + 2 + d.body.readUInt16BE(pos);
        wires.push(d.body.subarray(pos + 2, end));
        pos = end;
      }
    }
    return wires;
  }
}
