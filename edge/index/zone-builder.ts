// Builds a zone's compact index straight from the snapshot bytes: one pass over the body, no
// per-record objects. RDATA and owner names stay where they are in the snapshot buffer; a hash
// table over those bytes numbers the nodes, and everything else lives in typed arrays.
//
// The build is a generator that yields every few thousand RRsets, so the loader can run it in
// slices between queries (a reload under load never stalls the sockets for long), and tests
// can run it to the end in one go.
import { compressibleNameOffsets } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { Name } from '../../shared/dns/name.js';
import { readWireName } from '../../shared/dns/name.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import { encodeSnapshot, snapshotBody } from '../../shared/snapshot/codec.js';
import { keyFromWireBytes } from '../name-key.js';
import type { NameKey } from '../name-key.js';
import { hashWireName, NameTable, sameWireName } from './name-table.js';
import { ZoneIndex } from './zone-index.js';
import { ZoneIndexError } from './zone-index-error.js';

/** The arrays behind a ZoneIndex; node 0 is the apex, and a parent's number is below its children's. */
export interface CompactZone {
  readonly origin: Name;
  readonly originKey: NameKey;
  /** The snapshot body; RRset records are read from it in place. */
  readonly body: Buffer;
  /** Node numbers by name: the table's name numbers are the node numbers. */
  readonly names: NameTable;
  readonly nodeCount: number;
  readonly recordCount: number;
  /** Per node (-1: none): its `*` child, highest cut at or above it, nearest DNAME strictly above, first RRset. */
  readonly wildcard: Int32Array;
  readonly delegation: Int32Array;
  readonly dnameAbove: Int32Array;
  readonly firstRRset: Int32Array;
  /**
   * Per RRset entry: type, TTL, offset of its first record (rdlength u16 + RDATA) in `body`,
   * record count, the node's next RRset in snapshot order, and the next piece of the same
   * RRset when the snapshot lists it in several places.
   */
  readonly rrType: Uint16Array;
  readonly rrTtl: Uint32Array;
  readonly rrOffset: Uint32Array;
  readonly rrCount: Uint16Array;
  readonly rrNext: Int32Array;
  readonly rrPiece: Int32Array;
}

/** RRsets indexed between two yields of the sliced build. */
const SLICE = 8192;
const MAX_NAME_WIRE = 255;
const WILDCARD_LABEL = 0x2a;
const UNKNOWN = 0;
const NO_NAMES = 1;
const NAMES = 2;

/**
 * Indexes a snapshot file in one go. Throws SnapshotError for a bad file and ZoneIndexError
 * for content that cannot be served (no apex SOA, malformed names in RDATA).
 */
export function indexSnapshot(file: Buffer): ZoneIndex {
  const steps = buildSteps(snapshotBody(file));
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
 * indexSnapshot in slices: yields to the event loop every few thousand RRsets, so queries keep
 * being answered from the current table while a large zone is indexed. Nothing is shared with
 * the table being served until the returned index is swapped in.
 */
export async function indexSnapshotSliced(file: Buffer): Promise<ZoneIndex> {
  const steps = buildSteps(snapshotBody(file));
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The end of the uncompressed wire name at `pos`; throws on a pointer, a bad label or overrun. */
function nameEnd(buf: Buffer, pos: number, end: number): number {
  const start = pos;
  for (;;) {
    if (pos >= end) throw new ZoneIndexError('a name runs past the end of its data');
    const len = buf[pos]!;
    if (len === 0) return pos + 1;
    if (len > 63) throw new ZoneIndexError('a name holds a compression pointer or a bad label');
    pos += len + 1;
    if (pos - start >= MAX_NAME_WIRE) throw new ZoneIndexError('a name is longer than 255 octets');
  }
}

/**
 * True when the name at [start, end) ends in whole labels equal to the origin, whose wire
 * form is at [0, originEnd) of the same buffer.
 */
function inZone(buf: Buffer, start: number, end: number, originEnd: number): boolean {
  const boundary = end - originEnd;
  let pos = start;
  while (pos < boundary) pos += buf[pos]! + 1;
  return pos === boundary && sameWireName(buf, pos, 0);
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
function carriesNames(type: number, rdata: Buffer): boolean {
  return type === RRType.NS || type === RRType.CNAME || type === RRType.DNAME || compressibleNameOffsets(type, rdata).length > 0;
}

function checkRdataNames(type: number, rdata: Buffer): void {
  if (type === RRType.NS || type === RRType.CNAME || type === RRType.DNAME) nameEnd(rdata, 0, rdata.length);
  for (const offset of compressibleNameOffsets(type, rdata)) nameEnd(rdata, offset, rdata.length);
}

function* buildSteps(body: Buffer): Generator<void, ZoneIndex> {
  const originEnd = nameEnd(body, 0, body.length);
  const origin = readWireName(body, 0).name;
  const originKey = keyFromWireBytes(body, 0, originEnd);
  if (originEnd + 4 > body.length) throw new ZoneIndexError(`zone ${origin}: the snapshot body is truncated`);
  const total = body.readUInt32BE(originEnd);
  const names = new NameTable(body, Math.min(total, 1 << 24));
  let capacity = names.offsets.length;
  let parent = new Int32Array(capacity);
  let wildcard = new Int32Array(capacity);
  let firstRRset = new Int32Array(capacity);
  let lastRRset = new Int32Array(capacity);
  const rrType = new Uint16Array(total);
  const rrTtl = new Uint32Array(total);
  const rrOffset = new Uint32Array(total);
  const rrCount = new Uint16Array(total);
  const rrNext = new Int32Array(total).fill(-1);
  const rrPiece = new Int32Array(total).fill(-1);
  /** Per type: whether its RDATA holds names to check, learnt from its first record. */
  const namedTypes = new Uint8Array(65536);

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

  let pos = originEnd + 4;
  let entries = 0;
  let recordCount = 0;
  let lastOwnerStart = 0;
  let lastOwnerEnd = 0;
  let lastNode = -1;
  try {
    for (let i = 0; i < total; i++) {
      if (i % SLICE === SLICE - 1) yield;
      const ownerStart = pos;
      const ownerEnd = nameEnd(body, pos, body.length);
      if (ownerEnd + 8 > body.length) throw new ZoneIndexError('an RRset runs past the end of the snapshot');
      const type = body.readUInt16BE(ownerEnd);
      const ttl = body.readUInt32BE(ownerEnd + 2);
      const count = body.readUInt16BE(ownerEnd + 6);
      const first = ownerEnd + 8;
      pos = first;
      for (let r = 0; r < count; r++) {
        if (pos + 2 > body.length) throw new ZoneIndexError('a record runs past the end of the snapshot');
        const end = pos + 2 + ((body[pos]! << 8) | body[pos + 1]!);
        if (end > body.length) throw new ZoneIndexError('a record runs past the end of the snapshot');
        if (namedTypes[type] !== NO_NAMES) {
          const rdata = body.subarray(pos + 2, end);
          if (namedTypes[type] === UNKNOWN) namedTypes[type] = carriesNames(type, rdata) ? NAMES : NO_NAMES;
          if (namedTypes[type] === NAMES) checkRdataNames(type, rdata);
        }
        pos = end;
      }
      if (count === 0) continue;
      // A name's RRsets usually follow each other: compare bytes before making a key.
      if (!sameBytes(body, lastOwnerStart, lastOwnerEnd, ownerStart, ownerEnd)) {
        // Out-of-zone data is ignored, as NSD ignores it.
        lastNode = inZone(body, ownerStart, ownerEnd, originEnd) ? nodeAt(ownerStart) : -1;
        lastOwnerStart = ownerStart;
        lastOwnerEnd = ownerEnd;
      }
      const node = lastNode;
      if (node < 0) continue;
      recordCount += count;
      const entry = entries++;
      rrType[entry] = type;
      rrTtl[entry] = ttl;
      rrOffset[entry] = first;
      rrCount[entry] = count;
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
    if (err instanceof ZoneIndexError) throw new ZoneIndexError(`zone ${origin}: ${err.message}`, { cause: err });
    throw err;
  }
  names.seal();
  const nodeCount = names.count;
  const hasType = (node: number, type: number): boolean => {
    for (let r = firstRRset[node]!; r >= 0; r = rrNext[r]!) if (rrType[r] === type) return true;
    return false;
  };
  // The highest cut wins (NSD domain_find_ns_rrsets), the nearest DNAME wins (NSD
  // find_dname_above); parents come first, so one pass in node order settles both.
  const delegation = new Int32Array(nodeCount).fill(-1);
  const dnameAbove = new Int32Array(nodeCount).fill(-1);
  for (let id = 1; id < nodeCount; id++) {
    const up = parent[id]!;
    delegation[id] = delegation[up]! >= 0 ? delegation[up]! : hasType(id, RRType.NS) ? id : -1;
    dnameAbove[id] = up === 0 ? -1 : hasType(up, RRType.DNAME) ? up : dnameAbove[up]!;
  }
  return new ZoneIndex({
    origin,
    originKey,
    body,
    names,
    nodeCount,
    recordCount,
    wildcard: wildcard.slice(0, nodeCount),
    delegation,
    dnameAbove,
    firstRRset: firstRRset.slice(0, nodeCount),
    rrType,
    rrTtl,
    rrOffset,
    rrCount,
    rrNext,
    rrPiece,
  });
}
