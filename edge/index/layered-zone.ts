// A zone served as its snapshot's index with journal deltas laid over it, so a change costs
// what changed: applying a delta touches only the names it names (and their ancestors'
// counts), never the million names it leaves alone.
//
// The overlay maps every changed name to its complete new RRset list. Whatever the base
// derived once for all names (which names exist, cuts, DNAMEs above, wildcard children) is
// re-derived here from the overlay where a delta could have changed it:
// - a name exists when it holds data or when some name below it does (RFC 4592 §2.2.2 empty
//   non-terminals): the base counts, per node, the names with data below it, and the overlay
//   keeps how many it added or removed below each ancestor of a changed name;
// - cuts and DNAMEs come from the base's arrays until a delta adds or removes an NS or DNAME
//   below the apex; from then on (until the next snapshot) they are found by walking up;
// - a wildcard child is looked up by its name.
// Immutable: each application makes a new LayeredZone over the same base.
import { compressibleNameOffsets } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import { readWireName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { keyFromWireBytes, keyIsSubdomain, parentKey } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import { MIN_SOA_RDATA, nameEnd } from './zone-builder.js';
import { allocateRRsetIds, NSEC3_LABEL_LENGTH } from './zone-data.js';
import { compareWireNames } from '../../shared/dns/canonical-order.js';
import type { IndexedRRset, Nsec3Match, RdataSegment, ZoneData, ZoneNode } from './zone-data.js';
import type { ZoneIndex } from './zone-index.js';
import { ZoneIndexError } from './zone-index-error.js';

const WILDCARD_PREFIX = '\x01*';
const NO_RRSETS: readonly IndexedRRset[] = [];
const NO_NODE_RRSETS: Pick<ZoneNode, 'order' | 'rrsets'> = { order: NO_RRSETS, rrsets: new Map() };
const VIEW_CACHE_LIMIT = 4096;

/** What the overlay holds, carried from one LayeredZone to the next. */
interface Overlay {
  /** Every changed name's RRsets in type order (empty: no data there now). */
  readonly names: Map<NameKey, readonly IndexedRRset[]>;
  /** Per ancestor of a changed name: names with data below it now, minus in the base. */
  readonly dataBelow: Map<NameKey, number>;
  /** Names in RDATA of the overlay's RRsets (in zone, below the apex) and their in-zone ancestors. */
  readonly rdataNames: Set<NameKey>;
  /** NSEC3 hash labels (latin1) of owners the deltas wrote, and of owners they deleted. */
  readonly nsec3Written: Set<string>;
  readonly nsec3Deleted: Set<string>;
  /** Owners of NSEC RRsets the deltas wrote, and owners whose NSEC RRset they deleted. */
  readonly nsecWritten: Set<NameKey>;
  readonly nsecDeleted: Set<NameKey>;
  /** True once a delta added or removed an NS or DNAME below the apex. */
  cutsChanged: boolean;
  recordCount: number;
  seq: number;
}

class LayeredNode implements ZoneNode {
  readonly order: readonly IndexedRRset[];
  readonly rrsets: ReadonlyMap<number, IndexedRRset>;

  constructor(
    readonly zone: LayeredZone,
    readonly key: NameKey,
    /** The RRsets by type and in order: the base node's own when the deltas did not change them. */
    rrsets: Pick<ZoneNode, 'order' | 'rrsets'>,
    /** The base's node number, or -1 for a name the base does not have. */
    readonly baseId: number,
  ) {
    this.order = rrsets.order;
    this.rrsets = rrsets.rrsets;
  }

  get wildcard(): ZoneNode | undefined {
    return this.zone.node((WILDCARD_PREFIX + this.key) as NameKey);
  }

  get delegation(): ZoneNode | undefined {
    return this.zone.delegationOf(this);
  }

  get dnameAbove(): ZoneNode | undefined {
    return this.zone.dnameAboveOf(this);
  }
}

export class LayeredZone implements ZoneData {
  readonly originKey: NameKey;
  readonly serial: number;
  readonly negativeSoa: IndexedRRset;
  readonly #views = new Map<NameKey, LayeredNode | null>();
  #nsec3Sorted: string[] | undefined;
  #nsecSorted: Buffer[] | undefined;

  private constructor(
    readonly base: ZoneIndex,
    readonly overlay: Readonly<Overlay>,
  ) {
    this.originKey = base.originKey;
    const soa = this.apex.rrsets.get(RRType.SOA);
    // An SOA record ends with its five counters, which stay one byte run when RDATA is split.
    const counters = soa?.records[0]?.at(-1);
    if (soa === undefined || !Buffer.isBuffer(counters) || counters.length < 20) throw new ZoneIndexError(`zone ${base.origin}: a delta leaves no SOA record at the apex`);
    this.serial = counters.readUInt32BE(counters.length - 20);
    this.negativeSoa = { id: allocateRRsetIds(1), type: RRType.SOA, ttl: Math.min(soa.ttl, counters.readUInt32BE(counters.length - 4)), records: soa.records.slice(0, 1), targets: [], signatures: soa.signatures };
  }

  /**
   * `previous` (a snapshot's index, or one already layered) with the deltas `bodies` (verified
   * delta bodies, in publication order) applied. Throws ZoneIndexError when a delta is for
   * another zone, does not parse, holds a malformed name in RDATA or leaves the apex without
   * an SOA; then nothing is applied and `previous` keeps serving.
   */
  static apply(previous: ZoneData, bodies: readonly Buffer[]): LayeredZone {
    const base = previous instanceof LayeredZone ? previous.base : (previous as ZoneIndex);
    const before = previous instanceof LayeredZone ? previous.overlay : undefined;
    const overlay: Overlay = {
      names: new Map(before?.names),
      dataBelow: new Map(before?.dataBelow),
      rdataNames: new Set(before?.rdataNames),
      nsec3Written: new Set(before?.nsec3Written),
      nsec3Deleted: new Set(before?.nsec3Deleted),
      nsecWritten: new Set(before?.nsecWritten),
      nsecDeleted: new Set(before?.nsecDeleted),
      cutsChanged: before?.cutsChanged ?? false,
      recordCount: before?.recordCount ?? base.recordCount,
      seq: before?.seq ?? 0,
    };
    for (const body of bodies) {
      try {
        applyDelta(base, overlay, body);
      } catch (err) {
        if (err instanceof ZoneIndexError) throw new ZoneIndexError(`zone ${base.origin}: ${err.message}`, { cause: err });
        if (err instanceof RangeError) throw new ZoneIndexError(`zone ${base.origin}: a delta does not parse (${err.message})`, { cause: err });
        throw err;
      }
    }
    return new LayeredZone(base, overlay);
  }

  get origin(): Name {
    return this.base.origin;
  }

  nsec3Cover(label: Buffer): Nsec3Match | undefined {
    const { nsec3Written: written, nsec3Deleted: deleted } = this.overlay;
    if (written.size === 0 && deleted.size === 0) return this.base.nsec3Cover(label);
    const target = label.toString('latin1');
    const sorted = (this.#nsec3Sorted ??= [...written].sort());
    // The base's last owner at or before the target that no delta deleted, and the deltas' own.
    const fromBase = (index: number): string | undefined => {
      for (let i = index; i >= 0; i--) {
        const l = this.base.nsec3Label(i);
        if (!deleted.has(l)) return l;
      }
      return undefined;
    };
    const fromOverlay = (): string | undefined => {
      let low = 0;
      let high = sorted.length - 1;
      let found: string | undefined;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        if (sorted[mid]! <= target) {
          found = sorted[mid];
          low = mid + 1;
        } else high = mid - 1;
      }
      return found;
    };
    const later = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a > b ? a : b);
    let cover = later(fromBase(this.base.nsec3Position(label).index), fromOverlay());
    // None at or before: the chain wraps round to its last owner.
    cover ??= later(fromBase(this.base.nsec3Count - 1), sorted.at(-1));
    if (cover === undefined) return undefined;
    return { key: (String.fromCharCode(NSEC3_LABEL_LENGTH) + cover + this.originKey) as NameKey, exact: cover === target };
  }

  nsecCover(key: NameKey): NameKey | undefined {
    const { nsecWritten: written, nsecDeleted: deleted } = this.overlay;
    if (written.size === 0 && deleted.size === 0) return this.base.nsecCover(key);
    const target = Buffer.from(key, 'latin1');
    const compare = (a: Buffer, b: Buffer): number => compareWireNames(a, 0, b, 0);
    const sorted = (this.#nsecSorted ??= [...written].map((k) => Buffer.from(k, 'latin1')).sort(compare));
    // The base's last owner at or before the target that no delta deleted, and the deltas' own.
    let fromBase: Buffer | undefined;
    for (let i = this.base.nsecPosition(key); i >= 0 && fromBase === undefined; i--) {
      const k = this.base.nsecKey(i);
      if (!deleted.has(k)) fromBase = Buffer.from(k, 'latin1');
    }
    let fromOverlay: Buffer | undefined;
    for (let low = 0, high = sorted.length - 1; low <= high; ) {
      const mid = (low + high) >>> 1;
      if (compare(sorted[mid]!, target) <= 0) {
        fromOverlay = sorted[mid];
        low = mid + 1;
      } else high = mid - 1;
    }
    const cover = fromBase === undefined ? fromOverlay : fromOverlay === undefined || compare(fromBase, fromOverlay) > 0 ? fromBase : fromOverlay;
    return cover?.toString('latin1') as NameKey | undefined;
  }

  /** The publication sequence of the last delta applied. */
  get seq(): number {
    return this.overlay.seq;
  }

  get recordCount(): number {
    return this.overlay.recordCount;
  }

  get nodeCount(): number {
    return this.base.nodeCount;
  }

  /** Names the deltas changed since the snapshot. */
  get changedNames(): number {
    return this.overlay.names.size;
  }

  get apex(): ZoneNode {
    return this.node(this.originKey)!;
  }

  node(key: NameKey): ZoneNode | undefined {
    const known = this.#views.get(key);
    if (known !== undefined) return known ?? undefined;
    const view = this.#makeNode(key);
    if (this.#views.size >= VIEW_CACHE_LIMIT) this.#views.clear();
    this.#views.set(key, view ?? null);
    return view;
  }

  hasNode(key: NameKey): boolean {
    return this.node(key) !== undefined;
  }

  hasRdataName(key: NameKey): boolean {
    return this.base.hasRdataName(key) || this.overlay.rdataNames.has(key);
  }

  /** The highest node at or above `node` (the apex excluded) holding an NS RRset. */
  delegationOf(node: LayeredNode): ZoneNode | undefined {
    if (!this.overlay.cutsChanged && node.baseId >= 0) return this.#nodeForBase(this.base.delegationId(node.baseId));
    let cut: ZoneNode | undefined;
    for (let k: NameKey | null = node.key; k !== null && k !== this.originKey; k = parentKey(k)) {
      const at = this.node(k);
      if (at?.rrsets.has(RRType.NS) === true) cut = at;
    }
    return cut;
  }

  /** The nearest strict ancestor of `node` (the apex excluded) holding a DNAME. */
  dnameAboveOf(node: LayeredNode): ZoneNode | undefined {
    if (!this.overlay.cutsChanged && node.baseId >= 0) return this.#nodeForBase(this.base.dnameAboveId(node.baseId));
    for (let k = parentKey(node.key); k !== null && k !== this.originKey; k = parentKey(k)) {
      const at = this.node(k);
      if (at?.rrsets.has(RRType.DNAME) === true) return at;
    }
    return undefined;
  }

  #nodeForBase(id: number): ZoneNode | undefined {
    return id < 0 ? undefined : this.node(this.base.keyOf(id));
  }

  #makeNode(key: NameKey): LayeredNode | undefined {
    const id = this.base.nodeId(key);
    const changed = this.overlay.names.get(key);
    const rrsets = changed !== undefined ? { order: changed, rrsets: new Map(changed.map((r) => [r.type, r])) } : id >= 0 ? this.base.nodeById(id)! : NO_NODE_RRSETS;
    const below = (id >= 0 ? this.base.dataBelow(id) : 0) + (this.overlay.dataBelow.get(key) ?? 0);
    if (rrsets.order.length === 0 && below <= 0 && key !== this.originKey) return undefined;
    return new LayeredNode(this, key, rrsets, id);
  }
}

/** The RRsets at `key` before this delta's change to it. */
function rrsetsAt(base: ZoneIndex, overlay: Overlay, key: NameKey): readonly IndexedRRset[] {
  const changed = overlay.names.get(key);
  if (changed !== undefined) return changed;
  const id = base.nodeId(key);
  return id >= 0 ? base.nodeById(id)!.order : NO_RRSETS;
}

function applyDelta(base: ZoneIndex, overlay: Overlay, body: Buffer): void {
  const originEnd = nameEnd(body, 0, body.length);
  if (keyFromWireBytes(body, 0, originEnd) !== base.originKey) throw new ZoneIndexError(`a delta for ${readWireName(body, 0).name} cannot apply to this zone`);
  overlay.seq = body.readUInt32BE(originEnd);
  const count = body.readUInt32BE(originEnd + 8);
  let pos = originEnd + 12;
  for (let i = 0; i < count; i++) {
    const ownerEnd = nameEnd(body, pos, body.length);
    const key = keyFromWireBytes(body, pos, ownerEnd);
    const type = body.readUInt16BE(ownerEnd);
    const ttl = body.readUInt32BE(ownerEnd + 2);
    const records = body.readUInt16BE(ownerEnd + 6);
    pos = ownerEnd + 8;
    const wires: Buffer[] = [];
    for (let r = 0; r < records; r++) {
      const end = pos + 2 + body.readUInt16BE(pos);
      if (end > body.length) throw new ZoneIndexError('a delta record runs past its end');
      wires.push(body.subarray(pos + 2, end));
      pos = end;
    }
    const signatures: Buffer[] = [];
    for (let r = body.readUInt16BE(pos), at = pos + 2; ; r--) {
      if (r === 0) {
        pos = at;
        break;
      }
      const end = at + 2 + body.readUInt16BE(at);
      if (end > body.length) throw new ZoneIndexError('a delta signature runs past its end');
      signatures.push(body.subarray(at + 2, end));
      at = end;
    }
    // Out-of-zone data is ignored, as in a snapshot.
    if (keyIsSubdomain(key, base.originKey)) changeRRset(base, overlay, key, type, ttl, wires, signatures);
  }
  if (pos !== body.length) throw new ZoneIndexError(`${body.length - pos} stray bytes after the last RRset of a delta`);
}

function changeRRset(base: ZoneIndex, overlay: Overlay, key: NameKey, type: number, ttl: number, wires: readonly Buffer[], signatures: readonly Buffer[]): void {
  const before = rrsetsAt(base, overlay, key);
  const old = before.find((r) => r.type === type);
  const replacement = wires.length === 0 ? undefined : indexedRRset(base.originKey, overlay, type, ttl, wires, signatures);
  let after: IndexedRRset[];
  if (old !== undefined) after = before.flatMap((r) => (r === old ? (replacement === undefined ? [] : [replacement]) : [r]));
  else if (replacement === undefined) return;
  else {
    // A new type goes where a snapshot built from the rows would put it: in type order.
    const at = before.findIndex((r) => r.type > type);
    after = at < 0 ? [...before, replacement] : [...before.slice(0, at), replacement, ...before.slice(at)];
  }
  overlay.recordCount += wires.length - (old?.records.length ?? 0);
  if (type === RRType.NSEC3 && key.charCodeAt(0) === NSEC3_LABEL_LENGTH && key.length === NSEC3_LABEL_LENGTH + 1 + base.originKey.length && key.endsWith(base.originKey)) {
    const label = key.slice(1, NSEC3_LABEL_LENGTH + 1);
    if (replacement === undefined) {
      overlay.nsec3Written.delete(label);
      overlay.nsec3Deleted.add(label);
    } else {
      overlay.nsec3Deleted.delete(label);
      overlay.nsec3Written.add(label);
    }
  }
  if (type === RRType.NSEC) {
    if (replacement === undefined) {
      overlay.nsecWritten.delete(key);
      overlay.nsecDeleted.add(key);
    } else {
      overlay.nsecDeleted.delete(key);
      overlay.nsecWritten.add(key);
    }
  }
  overlay.names.set(key, after);
  if (key === base.originKey) return;
  if ((before.length > 0) !== (after.length > 0)) {
    const step = after.length > 0 ? 1 : -1;
    for (let k = parentKey(key); k !== null; k = parentKey(k)) {
      overlay.dataBelow.set(k, (overlay.dataBelow.get(k) ?? 0) + step);
      if (k === base.originKey) break;
    }
  }
  if (type === RRType.NS || type === RRType.DNAME) {
    if ((old === undefined) !== (replacement === undefined)) overlay.cutsChanged = true;
  }
}

/** An RRset of a delta as the answer path reads it, its RDATA names checked and split for compression. */
function indexedRRset(originKey: NameKey, overlay: Overlay, type: number, ttl: number, wires: readonly Buffer[], signatures: readonly Buffer[]): IndexedRRset {
  const isTarget = type === RRType.NS || type === RRType.CNAME || type === RRType.DNAME;
  const targets: NameKey[] = [];
  const records = wires.map((wire) => {
    if (isTarget) {
      const target = keyFromWireBytes(wire, 0, nameEnd(wire, 0, wire.length));
      targets.push(target);
      noteRdataName(originKey, overlay, target);
    }
    const segments: RdataSegment[] = [];
    let pos = 0;
    for (const offset of compressibleNameOffsets(type, wire)) {
      if (offset > pos) segments.push(wire.subarray(pos, offset));
      pos = nameEnd(wire, offset, wire.length);
      const name = keyFromWireBytes(wire, offset, pos);
      segments.push(name);
      noteRdataName(originKey, overlay, name);
    }
    if (pos < wire.length || segments.length === 0) segments.push(wire.subarray(pos));
    return segments;
  });
  if (type === RRType.SOA && wires.some((w) => w.length < MIN_SOA_RDATA)) throw new ZoneIndexError('a delta holds an SOA record that is too short');
  return { id: allocateRRsetIds(1), type, ttl, records, targets, signatures };
}

function noteRdataName(originKey: NameKey, overlay: Overlay, name: NameKey): void {
  if (name === originKey || !keyIsSubdomain(name, originKey)) return;
  for (let k: NameKey | null = name; k !== null && k !== originKey && !overlay.rdataNames.has(k); k = parentKey(k)) overlay.rdataNames.add(k);
}
