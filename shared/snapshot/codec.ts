// The snapshot format: one zone's complete content, versioned and checksummed.
//
// Layout (all integers big-endian):
//   magic "DNSCSNAP" (8) | version u16 | reserved u16 | body length u32 | SHA-256 of body (32)
//   body: origin (wire name) | rrset count u32 | per RRset:
//         owner (wire name, uncompressed) | type u16 | ttl u32 | record count u16 |
//         per record: rdlength u16 | rdata |
//         signature count u16 | per signature: rdlength u16 | RRSIG rdata (version 2 on)
// Names are stored in wire form so that a reader does no text parsing; the checksum covers
// the whole body, so a torn or tampered file is refused before anything is built from it.
import { hash } from 'node:crypto';
import { nameToWire, readWireName } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import type { RRset, ZoneContent } from '../dns/rrset.js';
import { SnapshotError } from './snapshot-error.js';

const MAGIC = Buffer.from('DNSCSNAP', 'latin1');
/** Version 2 added the signatures after each RRset's records; version 1 files are rebuilt at start. */
export const SNAPSHOT_VERSION = 2;
/** Bytes before the body: magic, version, reserved, body length, SHA-256. */
export const SNAPSHOT_HEADER_LENGTH = 8 + 2 + 2 + 4 + 32;
const HEADER_LENGTH = SNAPSHOT_HEADER_LENGTH;

/**
 * Serialises a zone. Pure; the same content always gives the same bytes. Sizes the body first
 * and writes it into one buffer (SnapshotWriter), converting each owner name once per run of
 * RRsets of that name, so a million-record zone costs no per-record allocations.
 */
export function encodeSnapshot(zone: ZoneContent): Buffer {
  let size = HEADER_LENGTH + 512;
  for (const rrset of zone.rrsets) {
    size += rrset.name.length + 12;
    for (const rdata of rrset.rdata) size += 2 + rdata.length;
    for (const sig of rrset.signatures ?? []) size += 2 + sig.length;
  }
  const writer = new SnapshotWriter(zone.origin, size);
  for (const rrset of zone.rrsets) writer.add(rrset.name, rrset.type, rrset.ttl, rrset.rdata, rrset.signatures);
  return writer.finish();
}

/**
 * Writes a snapshot RRset by RRset into one growing buffer, for writers that stream a zone
 * (the publisher reading a million rows) instead of holding it as objects first.
 */
export class SnapshotWriter {
  #buf: Buffer;
  #pos: number;
  #count = 0;
  readonly #countAt: number;
  /** The last owner written and its wire form: rows of one name come together. */
  #lastName: Name | undefined;
  #lastWire: Buffer = Buffer.alloc(0);

  constructor(origin: Name, sizeHint = 1 << 16) {
    this.#buf = Buffer.allocUnsafe(Math.max(sizeHint, HEADER_LENGTH + 512));
    this.#pos = HEADER_LENGTH;
    this.#pos += nameToWire(origin).copy(this.#buf, this.#pos);
    this.#countAt = this.#pos;
    this.#pos += 4;
  }

  /** Appends one RRset and its signatures. Throws SnapshotError for more than 65535 records. */
  add(name: Name, type: number, ttl: number, rdata: readonly Buffer[], signatures: readonly Buffer[] = NO_SIGNATURES): void {
    if (name !== this.#lastName) {
      this.#lastName = name;
      this.#lastWire = nameToWire(name);
    }
    this.#reserve(rrsetLength(this.#lastWire, rdata, signatures, name));
    this.#pos = writeRRset(this.#buf, this.#pos, this.#lastWire, type, ttl, rdata, signatures);
    this.#count++;
  }

  /** The sealed snapshot file (a view of the writer's buffer; the writer is done). */
  finish(): Buffer {
    this.#buf.writeUInt32BE(this.#count, this.#countAt);
    return sealSnapshot(this.#buf.subarray(0, this.#pos));
  }

  #reserve(length: number): void {
    if (this.#pos + length <= this.#buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + length));
    this.#buf.copy(grown, 0, 0, this.#pos);
    this.#buf = grown;
  }
}

const NO_SIGNATURES: readonly Buffer[] = [];

/** The bytes one RRset takes in the snapshot and delta layout. Throws SnapshotError for more than 65535 records or signatures. */
export function rrsetLength(owner: Buffer, rdata: readonly Buffer[], signatures: readonly Buffer[], name: Name): number {
  if (rdata.length > 0xffff || signatures.length > 0xffff) throw new SnapshotError(`RRset ${name} has more than 65535 records`);
  let length = owner.length + 10;
  for (const r of rdata) length += 2 + r.length;
  for (const r of signatures) length += 2 + r.length;
  return length;
}

/** Writes one RRset at `pos` of `buf` (rrsetLength bytes) in the snapshot and delta layout; returns where it ends. */
export function writeRRset(buf: Buffer, pos: number, owner: Buffer, type: number, ttl: number, rdata: readonly Buffer[], signatures: readonly Buffer[]): number {
  pos += owner.copy(buf, pos);
  pos = buf.writeUInt16BE(type, pos);
  pos = buf.writeUInt32BE(ttl >>> 0, pos);
  for (const list of [rdata, signatures]) {
    pos = buf.writeUInt16BE(list.length, pos);
    for (const r of list) {
      pos = buf.writeUInt16BE(r.length, pos);
      pos += r.copy(buf, pos);
    }
  }
  return pos;
}

/**
 * Writes the header of a snapshot whose body already fills `file` from SNAPSHOT_HEADER_LENGTH
 * to its end (writers that stream a body into one buffer call this last). Returns `file`.
 */
export function sealSnapshot(file: Buffer): Buffer {
  MAGIC.copy(file, 0);
  file.writeUInt16BE(SNAPSHOT_VERSION, 8);
  file.writeUInt16BE(0, 10);
  file.writeUInt32BE(file.length - HEADER_LENGTH, 12);
  hash('sha256', file.subarray(HEADER_LENGTH), 'buffer').copy(file, 16);
  return file;
}

/**
 * Verifies a snapshot's magic, version, length and checksum and returns its body (a view of
 * `file`, not a copy), for readers that index the bytes in place. Throws SnapshotError.
 */
export function snapshotBody(file: Buffer): Buffer {
  const body = bodyOfHeader(file);
  if (!hash('sha256', body, 'buffer').equals(file.subarray(16, 48))) throw new SnapshotError('snapshot checksum mismatch');
  return body;
}

/** The body of a file whose magic, version and length are right (its checksum not checked yet). */
function bodyOfHeader(file: Buffer): Buffer {
  if (file.length < HEADER_LENGTH || !file.subarray(0, 8).equals(MAGIC)) throw new SnapshotError('not a DNSCove snapshot (bad magic)');
  const version = file.readUInt16BE(8);
  if (version !== SNAPSHOT_VERSION) throw new SnapshotError(`snapshot version ${version} is not supported (expected ${SNAPSHOT_VERSION})`);
  const bodyLength = file.readUInt32BE(12);
  if (file.length !== HEADER_LENGTH + bodyLength) throw new SnapshotError(`snapshot is ${file.length} bytes, header says ${HEADER_LENGTH + bodyLength}`);
  return file.subarray(HEADER_LENGTH);
}

/**
 * snapshotBody with the SHA-256 computed on libuv's thread pool (WebCrypto), so checking a file
 * of tens of MB does not hold the event loop. Rejects with SnapshotError.
 */
export async function snapshotBodyVerifiedAside(file: Buffer): Promise<Buffer> {
  const body = bodyOfHeader(file);
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', body));
  if (!digest.equals(file.subarray(16, 48))) throw new SnapshotError('snapshot checksum mismatch');
  return body;
}

/** The SHA-256 of a snapshot's body, from its header (a view): what a journal names it by. */
export function snapshotChecksum(file: Buffer): Buffer {
  return file.subarray(16, HEADER_LENGTH);
}

/**
 * Parses and verifies a snapshot. Throws SnapshotError when the magic, version, length or
 * checksum is wrong or the body does not parse; never returns partial content.
 */
export function decodeSnapshot(file: Buffer): ZoneContent {
  const body = snapshotBody(file);
  try {
    return decodeBody(body);
  } catch (err) {
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(`snapshot body does not parse: ${(err as Error).message}`, { cause: err });
  }
}

function decodeBody(body: Buffer): ZoneContent {
  const origin = readWireName(body, 0);
  const { rrsets, next } = readRRsets(body, origin.next + 4, body.readUInt32BE(origin.next));
  if (next !== body.length) throw new SnapshotError(`${body.length - next} stray bytes after the last RRset`);
  return { origin: origin.name, rrsets };
}

/**
 * `count` RRsets in the snapshot layout from `pos` of `body` (a snapshot's or a delta's), as
 * records of their own (copies), and where they end. Throws SnapshotError or RangeError when
 * they run past the end, NameError for a bad owner.
 */
export function readRRsets(body: Buffer, pos: number, count: number): { rrsets: RRset[]; next: number } {
  const rrsets: RRset[] = [];
  for (let i = 0; i < count; i++) {
    const owner = readWireName(body, pos);
    pos = owner.next;
    const type = body.readUInt16BE(pos);
    const ttl = body.readUInt32BE(pos + 2);
    const rdata = readList(body, pos + 6);
    const signatures = readList(body, rdata.next);
    pos = signatures.next;
    rrsets.push(signatures.list.length === 0 ? { name: owner.name, type, ttl, rdata: rdata.list } : { name: owner.name, type, ttl, rdata: rdata.list, signatures: signatures.list });
  }
  return { rrsets, next: pos };
}

/** Past the uncompressed wire name at `pos` of a body, for readers that walk RRsets without decoding them. Throws SnapshotError. */
export function skipOwnerName(buf: Buffer, pos: number): number {
  for (let len = buf[pos]; len !== 0; len = buf[pos]) {
    if (len === undefined || len > 63) throw new SnapshotError('bad owner name in a snapshot');
    pos += len + 1;
  }
  return pos + 1;
}

/** Past a count u16 and that many length-prefixed values (an RRset's records or signatures) at `pos`. Throws SnapshotError or RangeError. */
export function skipValues(buf: Buffer, pos: number): number {
  const count = buf.readUInt16BE(pos);
  pos += 2;
  for (let i = 0; i < count; i++) pos += 2 + buf.readUInt16BE(pos);
  if (pos > buf.length) throw new SnapshotError('record runs past the end of the snapshot');
  return pos;
}

/** A count u16 and that many length-prefixed values from `pos`, copied. */
function readList(body: Buffer, pos: number): { list: Buffer[]; next: number } {
  const count = body.readUInt16BE(pos);
  pos += 2;
  const list: Buffer[] = [];
  for (let r = 0; r < count; r++) {
    const len = body.readUInt16BE(pos);
    if (pos + 2 + len > body.length) throw new SnapshotError('record runs past the end of the snapshot');
    list.push(Buffer.from(body.subarray(pos + 2, pos + 2 + len)));
    pos += 2 + len;
  }
  return { list, next: pos };
}
