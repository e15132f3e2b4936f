// Builds a zone's compact index straight from the snapshot bytes: one pass over the body, no
// per-record objects. RDATA and owner names stay where they are in the snapshot buffer; a hash
// table over those bytes numbers the nodes, and everything else lives in one Int32Array.
//
// The build is a generator that yields every few thousand RRsets, so the loader can run it in
// slices between queries (a reload under load never stalls the sockets for long), and tests
// can run it to the end in one go.
import { compressibleNameOffsets, hasCompressibleNames } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { Name } from '../../shared/dns/name.js';
import { MAX_NAME_LENGTH, readWireName } from '../../shared/dns/name.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import { encodeSnapshot, snapshotBody, snapshotBodyVerifiedAside } from '../../shared/snapshot/codec.js';
import { keyFromWireBytes } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import { hashWireName, NameSet, NameTableBuilder, sameWireName } from './name-table.js';
import { ZoneIndex } from './zone-index.js';
import { NSEC3_LABEL_LENGTH } from './zone-data.js';
import { compareWireNames } from '../../shared/dns/canonical-order.js';
import { ZoneIndexError } from './zone-index-error.js';

/**
 * The packed arrays behind a ZoneIndex; node 0 is the apex, and a parent's number is below its
 * children's. Every `…At` is where a region starts in `ints`: per node (nodeCount long) or per
 * RRset entry (entryCount long).
 */
export interface CompactZone {
  /** The origin's key; its text is read from the body's first name when asked for. */
  readonly originKey: NameKey;
  /** The snapshot body; RRset records are read from it in place. */
  readonly body: Buffer;
  /** Node numbers by name: the table's name numbers are the node numbers. */
  readonly names: NameSet;
  /** Names inside RDATA (NS/CNAME/DNAME targets, compressible names), in the zone and below its apex, with their in-zone ancestors. */
  readonly rdataNames: NameSet;
  readonly nodeCount: number;
  readonly entryCount: number;
  readonly recordCount: number;
  /** The apex SOA's SERIAL, and its TTL capped by MINIMUM (RFC 2308 §3), read at load. */
  readonly serial: number;
  readonly negativeTtl: number;
  readonly ints: Int32Array;
  /** Per node (-1: none): its `*` child, highest cut at or above it, nearest DNAME strictly above, first RRset; and how many nodes below it hold data. */
  readonly wildcardAt: number;
  readonly delegationAt: number;
  readonly dnameAboveAt: number;
  readonly firstRRsetAt: number;
  readonly dataBelowAt: number;
  /**
   * Per RRset entry: type, record count, TTL, offset of its first record (rdlength u16 +
   * RDATA) in `body`, the node's next RRset in snapshot order, the next piece of the same
   * RRset when the snapshot lists it in several places, and the index in the name-offset
   * region of its first compressible name (-1: none), and the offset of its signature count
   * (u16, then each RRSIG's rdlength u16 + RDATA) in `body`.
   */
  readonly rrTypeAt: number;
  readonly rrCountAt: number;
  readonly rrTtlAt: number;
  readonly rrOffsetAt: number;
  readonly rrNextAt: number;
  readonly rrPieceAt: number;
  readonly rrNamesAt: number;
  readonly rrSigsAt: number;
  /** Body offsets of every compressible name in RDATA, in record order (how RDATA is split for compression). */
  readonly nameOffsetsAt: number;
  /** Body offsets of the owners of the zone's NSEC3 RRsets (a 32-character hash label on the apex), in hash order. */
  readonly nsec3At: number;
  readonly nsec3Count: number;
  /** Body offsets of the owners of the zone's NSEC RRsets, in canonical order. */
  readonly nsecAt: number;
  readonly nsecCount: number;
}

/**
 * Zones of fewer RRsets are indexed without a yield, on working arrays they share (so their
 * builds must never overlap); bigger ones yield every STEP RRsets or names, and the sliced
 * build gives the event loop back once a slice has run SLICE_MS.
 */
const SLICE = 8192;
const STEP = 1024;
const SLICE_MS = 8;
const WILDCARD_LABEL = 0x2a;
/** Two root names and five 32-bit counters (RFC 1035 §3.3.13). */
export const MIN_SOA_RDATA = 22;

/**
 * Indexes a snapshot file in one go. Throws SnapshotError for a bad file and ZoneIndexError
 * for content that cannot be served (no apex SOA, malformed names in RDATA).
 */
export function indexSnapshot(file: Buffer): ZoneIndex {
  return indexBody(snapshotBody(file));
}

/** indexSnapshot of a body already verified (snapshotBody). */
export function indexBody(body: Buffer): ZoneIndex {
  const steps = buildSteps(body);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Builds the index of a zone given as content, through its snapshot encoding, so tests and
 * the loader index the same bytes. Throws ZoneIndexError when the zone has no SOA at its apex
 * or a record's RDATA does not parse. Records outside the origin are ignored (as NSD ignores
 * out-of-zone data).
 */
export function buildZoneIndex(zone: ZoneContent): ZoneIndex {
  return indexSnapshot(encodeSnapshot(zone));
}

/**
 * indexSnapshot in slices: yields to the event loop every few thousand RRsets, and between the
 * steps that follow (each a bounded copy), and checks the file's checksum off the main thread,
 * so queries keep being answered from the current table while a large zone is indexed. Nothing
 * is shared with the table being served until the returned index is swapped in.
 */
export async function indexSnapshotSliced(file: Buffer): Promise<ZoneIndex> {
  const steps = buildSteps(await snapshotBodyVerifiedAside(file));
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStart < SLICE_MS) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }
}

/** The end of the uncompressed wire name at `pos`; throws on a pointer, a bad label or overrun. */
export function nameEnd(buf: Buffer, pos: number, end: number): number {
  const start = pos;
  for (;;) {
    if (pos >= end) throw new ZoneIndexError('a name runs past the end of its data');
    const len = buf[pos]!;
    if (len === 0) return pos + 1;
    if (len > 63) throw new ZoneIndexError('a name holds a compression pointer or a bad label');
    pos += len + 1;
    if (pos - start >= MAX_NAME_LENGTH) throw new ZoneIndexError('a name is longer than 255 octets');
  }
}

/**
 * The offset where the name at [start, end) of `buf` reaches the origin (whose wire form is
 * `origin` bytes long and sits at [0, origin) of the same buffer), or -1 when the name is not
 * in the zone (not ending in whole labels equal to the origin).
 */
function originSuffix(buf: Buffer, start: number, end: number, originLength: number): number {
  const boundary = end - originLength;
  let pos = start;
  while (pos < boundary) pos += buf[pos]! + 1;
  return pos === boundary && sameWireName(buf, pos, 0) ? pos : -1;
}

/** True when the byte ranges [aStart, aEnd) and [bStart, bEnd) of `buf` are equal. */
function sameBytes(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (buf[aStart + i] !== buf[bStart + i]) return false;
  return true;
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

/** Types whose RDATA holds names the answer path reads: they are checked at load, not at query time. */
function carriesNames(type: number): boolean {
  return isTargetType(type) || hasCompressibleNames(type);
}

/** NS, CNAME and DNAME: RDATA is one name, which the lookup follows. */
function isTargetType(type: number): boolean {
  return type === RRType.NS || type === RRType.CNAME || type === RRType.DNAME;
}

/** The working arrays of one build (per RRset entry, per node, and the name tables being filled). */
class BuildWork {
  readonly names: NameTableBuilder;
  readonly inRdata: NameTableBuilder;
  capacity: number;
  parent: Int32Array;
  wildcard: Int32Array;
  firstRRset: Int32Array;
  lastRRset: Int32Array;
  readonly rrType: Int32Array;
  readonly rrCount: Int32Array;
  readonly rrTtl: Int32Array;
  readonly rrOffset: Int32Array;
  readonly rrNext: Int32Array;
  readonly rrPiece: Int32Array;
  readonly rrNames: Int32Array;
  readonly rrSigs: Int32Array;
  nameOffsets: Int32Array;

  constructor(body: Buffer, entries: number) {
    this.names = new NameTableBuilder(body, Math.min(entries + 1, 1 << 24));
    this.inRdata = new NameTableBuilder(body, 4);
    this.capacity = Math.max(4, Math.min(entries + 1, 1 << 24));
    this.parent = new Int32Array(this.capacity);
    this.wildcard = new Int32Array(this.capacity);
    this.firstRRset = new Int32Array(this.capacity);
    this.lastRRset = new Int32Array(this.capacity);
    this.rrType = new Int32Array(entries);
    this.rrCount = new Int32Array(entries);
    this.rrTtl = new Int32Array(entries);
    this.rrOffset = new Int32Array(entries);
    this.rrNext = new Int32Array(entries).fill(-1);
    this.rrPiece = new Int32Array(entries).fill(-1);
    this.rrNames = new Int32Array(entries).fill(-1);
    this.rrSigs = new Int32Array(entries);
    this.nameOffsets = new Int32Array(16);
  }
}

/**
 * Builds of zones smaller than one slice never yield, so they never overlap and can share
 * one set of working arrays: a hundred thousand small zones then allocate little more than
 * their packed arrays.
 */
let shared: BuildWork | undefined;

function smallZoneWork(body: Buffer, entries: number): BuildWork {
  shared ??= new BuildWork(body, SLICE);
  shared.names.reset(body, entries + 1);
  shared.inRdata.reset(body, 4);
  shared.rrNext.fill(-1, 0, entries);
  shared.rrPiece.fill(-1, 0, entries);
  shared.rrNames.fill(-1, 0, entries);
  return shared;
}

/** Copies the first `count` values of `from` to `to` at `at` (a loop: cheaper than a subarray view for the few values of a small zone). */
function copyInto(to: Int32Array, at: number, from: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) to[at + i] = from[i]!;
}

function* buildSteps(body: Buffer): Generator<void, ZoneIndex> {
  const originEnd = nameEnd(body, 0, body.length);
  const origin = (): Name => readWireName(body, 0).name;
  const originKey = keyFromWireBytes(body, 0, originEnd);
  if (originEnd + 4 > body.length) throw new ZoneIndexError(`zone ${origin()}: the snapshot body is truncated`);
  const total = body.readUInt32BE(originEnd);
  const work = total < SLICE ? smallZoneWork(body, total) : new BuildWork(body, total);
  const big = total >= SLICE;
  // A big zone's arrays are tens of MB: allocating them is a step of its own.
  if (big) yield;
  const { names, inRdata, rrType, rrCount, rrTtl, rrOffset, rrNext, rrPiece, rrNames, rrSigs } = work;
  let { capacity, parent, wildcard, firstRRset, lastRRset, nameOffsets } = work;
  let nameOffsetCount = 0;
  let nsec3Owners = new Int32Array(16);
  let nsec3Count = 0;
  let nsecOwners = new Int32Array(16);
  let nsecCount = 0;

  /** The node of the in-zone name at `offset`, created (with its missing ancestors) if new. */
  const nodeAt = (offset: number): number => {
    const hash = hashWireName(body, offset);
    const known = names.findAt(offset, hash);
    if (known >= 0) return known;
    // Parents first, so node numbers order every node after its ancestors. The apex is
    // always found above, so this stops there.
    const up = offset === 0 ? -1 : nodeAt(offset + body[offset]! + 1);
    const id = names.add(offset, hash);
    if (id >= capacity) {
      capacity *= 2;
      parent = grow(parent, capacity);
      wildcard = grow(wildcard, capacity);
      firstRRset = grow(firstRRset, capacity);
      lastRRset = grow(lastRRset, capacity);
    }
    parent[id] = up;
    wildcard[id] = -1;
    firstRRset[id] = -1;
    lastRRset[id] = -1;
    if (up >= 0 && body[offset] === 1 && body[offset + 1] === WILDCARD_LABEL) wildcard[up] = id;
    return id;
  };
  nodeAt(0);

  /** Remembers an in-zone name found in RDATA, and its ancestors, down to (not including) the apex. */
  const noteRdataName = (start: number, end: number): void => {
    const apexAt = originSuffix(body, start, end, originEnd);
    for (let pos = start; pos < apexAt; pos += body[pos]! + 1) {
      const hash = hashWireName(body, pos);
      if (inRdata.findAt(pos, hash) >= 0) return;
      inRdata.add(pos, hash);
    }
  };

  let pos = originEnd + 4;
  let entries = 0;
  let recordCount = 0;
  let lastOwnerStart = 0;
  let lastOwnerEnd = 0;
  let lastNode = -1;
  try {
    for (let i = 0; i < total; i++) {
      if (big && i % STEP === STEP - 1) yield;
      const ownerStart = pos;
      const ownerEnd = nameEnd(body, pos, body.length);
      if (ownerEnd + 8 > body.length) throw new ZoneIndexError('an RRset runs past the end of the snapshot');
      const type = body.readUInt16BE(ownerEnd);
      const ttl = body.readUInt32BE(ownerEnd + 2);
      const count = body.readUInt16BE(ownerEnd + 6);
      const first = ownerEnd + 8;
      if (count > 0 && !sameBytes(body, lastOwnerStart, lastOwnerEnd, ownerStart, ownerEnd)) {
        // A name's RRsets usually follow each other: bytes are compared before a key is made.
        // Out-of-zone data is ignored, as NSD ignores it.
        lastNode = originSuffix(body, ownerStart, ownerEnd, originEnd) >= 0 ? nodeAt(ownerStart) : -1;
        lastOwnerStart = ownerStart;
        lastOwnerEnd = ownerEnd;
      }
      const node = count > 0 ? lastNode : -1;
      const named = carriesNames(type);
      const namesBefore = nameOffsetCount;
      pos = first;
      for (let r = 0; r < count; r++) {
        if (pos + 2 > body.length) throw new ZoneIndexError('a record runs past the end of the snapshot');
        const start = pos + 2;
        const end = start + ((body[pos]! << 8) | body[pos + 1]!);
        if (end > body.length) throw new ZoneIndexError('a record runs past the end of the snapshot');
        if (named) {
          // Names in RDATA are checked for every record, kept only for in-zone ones.
          const targetEnd = isTargetType(type) ? nameEnd(body, start, end) : 0;
          if (node >= 0 && targetEnd > 0) noteRdataName(start, targetEnd);
          for (const offset of compressibleNameOffsets(type, body.subarray(start, end))) {
            const nameStart = start + offset;
            const nameStop = nameEnd(body, nameStart, end);
            if (node < 0) continue;
            if (nameOffsetCount === nameOffsets.length) nameOffsets = grow(nameOffsets, nameOffsets.length * 2);
            nameOffsets[nameOffsetCount++] = nameStart;
            noteRdataName(nameStart, nameStop);
          }
        }
        pos = end;
      }
      const sigsAt = pos;
      if (pos + 2 > body.length) throw new ZoneIndexError('an RRset runs past the end of the snapshot');
      const sigCount = body.readUInt16BE(pos);
      pos += 2;
      for (let r = 0; r < sigCount; r++) {
        if (pos + 2 > body.length) throw new ZoneIndexError('a signature runs past the end of the snapshot');
        pos += 2 + body.readUInt16BE(pos);
        if (pos > body.length) throw new ZoneIndexError('a signature runs past the end of the snapshot');
      }
      if (node < 0) continue;
      // NSEC3 owners directly below the apex, for the proofs of denial (the signer writes them in hash order).
      if (type === RRType.NSEC3 && body[ownerStart] === NSEC3_LABEL_LENGTH && ownerEnd - ownerStart === NSEC3_LABEL_LENGTH + 1 + originEnd) {
        if (nsec3Count === nsec3Owners.length) nsec3Owners = grow(nsec3Owners, nsec3Count * 2);
        nsec3Owners[nsec3Count++] = ownerStart;
      }
      if (type === RRType.NSEC) {
        if (nsecCount === nsecOwners.length) nsecOwners = grow(nsecOwners, nsecCount * 2);
        nsecOwners[nsecCount++] = ownerStart;
      }
      recordCount += count;
      const entry = entries++;
      rrType[entry] = type;
      rrCount[entry] = count;
      rrTtl[entry] = ttl;
      rrOffset[entry] = first;
      rrSigs[entry] = sigsAt;
      if (nameOffsetCount > namesBefore) rrNames[entry] = namesBefore;
      let same = firstRRset[node]!;
      while (same >= 0 && rrType[same] !== type) same = rrNext[same]!;
      if (same >= 0) {
        // One RRset listed in several pieces: chain this piece to it (the first TTL stands).
        while (rrPiece[same]! >= 0) same = rrPiece[same]!;
        rrPiece[same] = entry;
      } else if (lastRRset[node]! < 0) {
        firstRRset[node] = lastRRset[node] = entry;
      } else {
        rrNext[lastRRset[node]!] = entry;
        lastRRset[node] = entry;
      }
    }
    if (pos !== body.length) throw new ZoneIndexError(`${body.length - pos} stray bytes after the last RRset`);
  } catch (err) {
    if (err instanceof ZoneIndexError) throw new ZoneIndexError(`zone ${origin()}: ${err.message}`, { cause: err });
    throw err;
  }
  const nodeCount = names.count;
  const soaEntry = findType(firstRRset[0]!, RRType.SOA, rrType, rrNext);
  const soaAt = soaEntry < 0 ? -1 : rrOffset[soaEntry]!;
  const soaLength = soaAt < 0 ? 0 : body.readUInt16BE(soaAt);
  if (soaLength < MIN_SOA_RDATA) throw new ZoneIndexError(`zone ${origin()} has no SOA record at its apex`);
  const soaEnd = soaAt + 2 + soaLength;

  if (big) yield;
  const nsec3 = hashOrder(body, nsec3Owners.subarray(0, nsec3Count));
  const nsec = canonicalOrder(body, nsecOwners.subarray(0, nsecCount));
  if (big) yield;
  const ints = new Int32Array(names.packedSize + inRdata.packedSize + 5 * nodeCount + 8 * entries + nameOffsetCount + nsec3.length + nsec.length);
  let at = 0;
  const region = (length: number): number => {
    const start = at;
    at += length;
    return start;
  };
  const packStep = big ? STEP : Infinity;
  const nameSet = yield* names.packInto(ints, region(names.packedSize), packStep);
  const rdataNames = yield* inRdata.packInto(ints, region(inRdata.packedSize), packStep);
  const wildcardAt = region(nodeCount);
  const delegationAt = region(nodeCount);
  const dnameAboveAt = region(nodeCount);
  const firstRRsetAt = region(nodeCount);
  const dataBelowAt = region(nodeCount);
  const perEntry = (values: Int32Array): number => {
    const start = region(entries);
    copyInto(ints, start, values, entries);
    return start;
  };
  copyInto(ints, wildcardAt, wildcard, nodeCount);
  copyInto(ints, firstRRsetAt, firstRRset, nodeCount);
  // A copy per step: each moves up to a few MB.
  const rrTypeAt = perEntry(rrType);
  const rrCountAt = perEntry(rrCount);
  if (big) yield;
  const rrTtlAt = perEntry(rrTtl);
  const rrOffsetAt = perEntry(rrOffset);
  if (big) yield;
  const rrNextAt = perEntry(rrNext);
  const rrPieceAt = perEntry(rrPiece);
  if (big) yield;
  const rrNamesAt = perEntry(rrNames);
  const rrSigsAt = perEntry(rrSigs);
  const layout = { rrTypeAt, rrCountAt, rrTtlAt, rrOffsetAt, rrNextAt, rrPieceAt, rrNamesAt, rrSigsAt };
  const nameOffsetsAt = region(nameOffsetCount);
  copyInto(ints, nameOffsetsAt, nameOffsets, nameOffsetCount);
  const nsec3At = region(nsec3.length);
  copyInto(ints, nsec3At, nsec3, nsec3.length);
  const nsecAt = region(nsec.length);
  copyInto(ints, nsecAt, nsec, nsec.length);
  if (big) yield;

  // The highest cut wins (NSD domain_find_ns_rrsets), the nearest DNAME wins (NSD
  // find_dname_above); parents come first, so one pass in node order settles both.
  const hasType = (node: number, type: number): boolean => findType(firstRRset[node]!, type, rrType, rrNext) >= 0;
  ints[delegationAt] = -1;
  ints[dnameAboveAt] = -1;
  for (let id = 1; id < nodeCount; id++) {
    if (big && id % STEP === 0) yield;
    const up = parent[id]!;
    const cutAbove = ints[delegationAt + up]!;
    ints[delegationAt + id] = cutAbove >= 0 ? cutAbove : hasType(id, RRType.NS) ? id : -1;
    ints[dnameAboveAt + id] = up === 0 ? -1 : hasType(up, RRType.DNAME) ? up : ints[dnameAboveAt + up]!;
  }
  // Children come after parents, so one pass from the last node up counts the data below each.
  for (let id = nodeCount - 1; id > 0; id--) {
    if (big && id % STEP === 0) yield;
    ints[dataBelowAt + parent[id]!]! += ints[dataBelowAt + id]! + (firstRRset[id]! >= 0 ? 1 : 0);
  }
  return new ZoneIndex({
    originKey,
    body,
    names: nameSet,
    rdataNames,
    nodeCount,
    entryCount: entries,
    recordCount,
    serial: body.readUInt32BE(soaEnd - 20),
    negativeTtl: Math.min(rrTtl[soaEntry]! >>> 0, body.readUInt32BE(soaEnd - 4)),
    ints,
    wildcardAt,
    delegationAt,
    dnameAboveAt,
    firstRRsetAt,
    dataBelowAt,
    ...layout,
    nameOffsetsAt,
    nsec3At,
    nsec3Count: nsec3.length,
    nsecAt,
    nsecCount: nsec.length,
  });
}

/** Compares the NSEC3 hash labels of the owners at body offsets `a` and `b`. */
export function compareHashLabels(body: Buffer, a: number, b: number): number {
  return body.compare(body, b + 1, b + 1 + NSEC3_LABEL_LENGTH, a + 1, a + 1 + NSEC3_LABEL_LENGTH);
}

/** The NSEC3 owners in hash order, duplicates dropped: as the signer wrote them, or sorted when a snapshot lists them otherwise. */
function hashOrder(body: Buffer, owners: Int32Array): Int32Array {
  let ordered = true;
  for (let i = 1; i < owners.length && ordered; i++) ordered = compareHashLabels(body, owners[i - 1]!, owners[i]!) < 0;
  if (ordered) return owners;
  const sorted = Int32Array.from(owners).sort((a, b) => compareHashLabels(body, a, b));
  return sorted.filter((at, i) => i === 0 || compareHashLabels(body, sorted[i - 1]!, at) !== 0);
}

/** The NSEC owners in canonical order, duplicates dropped. */
function canonicalOrder(body: Buffer, owners: Int32Array): Int32Array {
  const compare = (a: number, b: number): number => compareWireNames(body, a, body, b);
  let ordered = true;
  for (let i = 1; i < owners.length && ordered; i++) ordered = compare(owners[i - 1]!, owners[i]!) < 0;
  if (ordered) return owners;
  const sorted = Int32Array.from(owners).sort(compare);
  return sorted.filter((at, i) => i === 0 || compare(sorted[i - 1]!, at) !== 0);
}

/** The first entry of `type` in a node's RRset chain starting at `entry`, or -1. */
function findType(entry: number, type: number, rrType: Int32Array, rrNext: Int32Array): number {
  for (let r = entry; r >= 0; r = rrNext[r]!) if (rrType[r] === type) return r;
  return -1;
}
