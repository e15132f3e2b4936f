// The in-memory index of one zone: compact arrays built once at load time (zone-builder.ts),
// read through ZoneNode views made on demand for the few names a query touches.
//
// Every owner name and every empty non-terminal between it and the apex is a node; each node
// knows its RRsets (in snapshot order, which ANY answers depend on), its wildcard child and
// the highest zone cut at or above it. Where RDATA holds compressible names was found at
// load, so making a view only slices the bytes the encoder compresses (RFC 1035 §4.1.4).
// Views carry no identity: compare nodes by key and RRsets by id. Nothing but the arrays is
// made before a query needs it, so a zone nobody asks about costs its bytes and one array.
import { readWireName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { keyFromWireBytes, wireNameEnd } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import type { CompactZone } from './zone-builder.js';
import { allocateRRsetIds, NO_SIGNATURES, NSEC3_LABEL_LENGTH } from './zone-data.js';
import { compareWireNames } from '../../shared/dns/canonical-order.js';
import type { IndexedRRset, Nsec3Match, RdataSegment, ZoneData, ZoneNode } from './zone-data.js';

/** Node views kept between queries; past this many the cache starts over (views are cheap to remake). */
const VIEW_CACHE_LIMIT = 4096;

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
    return this.#zone.nodeById(this.#zone.wildcardId(this.#id));
  }

  get delegation(): ZoneNode | undefined {
    return this.#zone.nodeById(this.#zone.delegationId(this.#id));
  }

  get dnameAbove(): ZoneNode | undefined {
    return this.#zone.nodeById(this.#zone.dnameAboveId(this.#id));
  }
}

export class ZoneIndex implements ZoneData {
  readonly originKey: NameKey;
  readonly serial: number;
  readonly #firstId: number;
  #views: Map<number, ZoneNode> | undefined;
  #apex: ZoneNode | undefined;
  #negativeSoa: IndexedRRset | undefined;

  /** Use indexSnapshot or buildZoneIndex; the arrays must satisfy CompactZone's invariants. */
  constructor(readonly data: CompactZone) {
    this.originKey = data.originKey;
    this.serial = data.serial;
    // One id per RRset entry plus one for the negative SOA.
    this.#firstId = allocateRRsetIds(data.entryCount + 1);
  }

  /** The origin as text, read from the snapshot when asked for (a zone nobody logs about never makes it). */
  get origin(): Name {
    return readWireName(this.data.body, 0).name;
  }

  get nodeCount(): number {
    return this.data.nodeCount;
  }

  get recordCount(): number {
    return this.data.recordCount;
  }

  get apex(): ZoneNode {
    return (this.#apex ??= this.#makeView(0));
  }

  get negativeSoa(): IndexedRRset {
    if (this.#negativeSoa === undefined) {
      const soa = this.apex.rrsets.get(RRType.SOA)!;
      this.#negativeSoa = { id: this.#firstId + this.data.entryCount, type: RRType.SOA, ttl: this.data.negativeTtl, records: soa.records.slice(0, 1), targets: [], signatures: soa.signatures };
    }
    return this.#negativeSoa;
  }

  node(key: NameKey): ZoneNode | undefined {
    return this.nodeById(this.data.names.findKey(key));
  }

  hasNode(key: NameKey): boolean {
    return this.data.names.findKey(key) >= 0;
  }

  hasRdataName(key: NameKey): boolean {
    return this.data.rdataNames.findKey(key) >= 0;
  }

  nsec3Cover(label: Buffer): Nsec3Match | undefined {
    const { nsec3Count } = this.data;
    if (nsec3Count === 0) return undefined;
    const at = this.nsec3Position(label);
    return { key: this.#nsec3Key(at.index < 0 ? nsec3Count - 1 : at.index), exact: at.exact };
  }

  /**
   * Where the NSEC3 hash label `label` falls in the chain: the index of the last owner whose
   * label is at or before it (-1: none is), and whether it is equal.
   */
  nsec3Position(label: Buffer): { index: number; exact: boolean } {
    const { ints, body, nsec3At, nsec3Count } = this.data;
    let low = 0;
    let high = nsec3Count - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = ints[nsec3At + mid]! + 1;
      const order = body.compare(label, 0, NSEC3_LABEL_LENGTH, at, at + NSEC3_LABEL_LENGTH);
      if (order === 0) return { index: mid, exact: true };
      if (order < 0) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return { index: found, exact: false };
  }

  /** The hash label of the chain's `index`th owner (latin1). */
  nsec3Label(index: number): string {
    const at = this.data.ints[this.data.nsec3At + index]! + 1;
    return this.data.body.toString('latin1', at, at + NSEC3_LABEL_LENGTH);
  }

  get nsec3Count(): number {
    return this.data.nsec3Count;
  }

  nsecCover(key: NameKey): NameKey | undefined {
    const index = this.nsecPosition(key);
    return index < 0 ? undefined : this.nsecKey(index);
  }

  /** The index of the last NSEC owner at or before `key` in canonical order, or -1. */
  nsecPosition(key: NameKey): number {
    const { ints, body, nsecAt, nsecCount } = this.data;
    const wire = Buffer.from(key, 'latin1');
    let low = 0;
    let high = nsecCount - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = compareWireNames(wire, 0, body, ints[nsecAt + mid]!);
      if (order === 0) return mid;
      if (order > 0) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** The `index`th NSEC owner in canonical order. */
  nsecKey(index: number): NameKey {
    const start = this.data.ints[this.data.nsecAt + index]!;
    return keyFromWireBytes(this.data.body, start, wireNameEnd(this.data.body, start));
  }

  /** The key of the chain's `index`th owner. */
  #nsec3Key(index: number): NameKey {
    const start = this.data.ints[this.data.nsec3At + index]!;
    return keyFromWireBytes(this.data.body, start, wireNameEnd(this.data.body, start));
  }

  /** The number of the node `key`, or -1 (see CompactZone). */
  nodeId(key: NameKey): number {
    return this.data.names.findKey(key);
  }

  /** Every node's key, apex first, each after its ancestors (made on each call). */
  *keys(): Generator<NameKey> {
    for (let id = 0; id < this.data.nodeCount; id++) yield this.keyOf(id);
  }

  keyOf(id: number): NameKey {
    const start = this.data.names.offsetOf(id);
    return keyFromWireBytes(this.data.body, start, wireNameEnd(this.data.body, start));
  }

  wildcardId(id: number): number {
    return this.data.ints[this.data.wildcardAt + id]!;
  }

  delegationId(id: number): number {
    return this.data.ints[this.data.delegationAt + id]!;
  }

  dnameAboveId(id: number): number {
    return this.data.ints[this.data.dnameAboveAt + id]!;
  }

  /** True when node `id` owns RRsets (it is not an empty non-terminal). */
  hasData(id: number): boolean {
    return this.data.ints[this.data.firstRRsetAt + id]! >= 0;
  }

  /** How many nodes strictly below node `id` own RRsets. */
  dataBelow(id: number): number {
    return this.data.ints[this.data.dataBelowAt + id]!;
  }

  /** The node numbered `id` (see CompactZone), or undefined for -1. */
  nodeById(id: number): ZoneNode | undefined {
    if (id < 0) return undefined;
    if (id === 0) return this.apex;
    const views = (this.#views ??= new Map());
    let view = views.get(id);
    if (view === undefined) {
      if (views.size >= VIEW_CACHE_LIMIT) views.clear();
      view = this.#makeView(id);
      views.set(id, view);
    }
    return view;
  }

  #makeView(id: number): ZoneNode {
    const d = this.data;
    const rrsets = new Map<number, IndexedRRset>();
    const order: IndexedRRset[] = [];
    for (let entry = d.ints[d.firstRRsetAt + id]!; entry >= 0; entry = d.ints[d.rrNextAt + entry]!) {
      const rrset = this.#makeRRset(entry);
      rrsets.set(rrset.type, rrset);
      order.push(rrset);
    }
    return new NodeView(this, id, this.keyOf(id), rrsets, order);
  }

  #makeRRset(entry: number): IndexedRRset {
    const d = this.data;
    const { ints, body } = d;
    const type = ints[d.rrTypeAt + entry]!;
    const records: RdataSegment[][] = [];
    const targets: NameKey[] = [];
    let signatures = NO_SIGNATURES;
    const isTarget = type === RRType.NS || type === RRType.CNAME || type === RRType.DNAME;
    for (let piece = entry; piece >= 0; piece = ints[d.rrPieceAt + piece]!) {
      let name = ints[d.rrNamesAt + piece]!;
      let pos = ints[d.rrOffsetAt + piece]!;
      for (let r = ints[d.rrCountAt + piece]!; r > 0; r--) {
        const start = pos + 2;
        const end = start + body.readUInt16BE(pos);
        if (isTarget) targets.push(keyFromWireBytes(body, start, wireNameEnd(body, start)));
        const segments: RdataSegment[] = [];
        let at = start;
        // This record's compressible names are the next offsets below its end (found at load).
        for (; name >= 0 && name < ints.length - d.nameOffsetsAt && ints[d.nameOffsetsAt + name]! < end; name++) {
          const nameStart = ints[d.nameOffsetsAt + name]!;
          if (nameStart > at) segments.push(body.subarray(at, nameStart));
          at = wireNameEnd(body, nameStart);
          segments.push(keyFromWireBytes(body, nameStart, at));
        }
        if (at < end || segments.length === 0) segments.push(body.subarray(at, end));
        records.push(segments);
        pos = end;
      }
      const sigsAt = ints[d.rrSigsAt + piece]!;
      const sigCount = body.readUInt16BE(sigsAt);
      if (sigCount > 0) {
        if (signatures === NO_SIGNATURES) signatures = [];
        for (let r = 0, at = sigsAt + 2; r < sigCount; r++) {
          const end = at + 2 + body.readUInt16BE(at);
          (signatures as Buffer[]).push(body.subarray(at + 2, end));
          at = end;
        }
      }
    }
    return { id: this.#firstId + entry, type, ttl: ints[d.rrTtlAt + entry]! >>> 0, records, targets, signatures };
  }
}
