// The delta format: the RRsets one publication of a zone changed, versioned and checksummed.
//
// Layout (all integers big-endian):
//   magic "DNSCDLTA" (8) | version u16 | reserved u16 | body length u32 | SHA-256 of body (32)
//   body: origin (wire name) | publication sequence u32 | SOA serial u32 | rrset count u32 |
//         per RRset: owner (wire name, uncompressed) | type u16 | ttl u32 | record count u16 |
//         per record: rdlength u16 | rdata |
//         signature count u16 | per signature: rdlength u16 | RRSIG rdata (version 2 on)
// A record count of 0 deletes the RRset; any other replaces it whole. A delta of a publication
// carries the apex SOA, so the serial a reader serves moves with it (an ACME value patched into
// the published zone leaves it out: that serial stays). The header has the snapshot's
// shape, so a torn or tampered delta is refused before anything is built from it.
import { hash } from 'node:crypto';
import { nameToWire, readWireName } from '../dns/name.js';
import type { Name } from '../dns/name.js';
import type { RRset } from '../dns/rrset.js';
import { readRRsets, rrsetLength, writeRRset } from './codec.js';
import { SnapshotError } from './snapshot-error.js';

const MAGIC = Buffer.from('DNSCDLTA', 'latin1');
export const DELTA_VERSION = 2;
export const DELTA_HEADER_LENGTH = 8 + 2 + 2 + 4 + 32;

export interface DeltaInput {
  readonly origin: Name;
  /** The publication this delta is (see the journal), so a reader can say what it serves. */
  readonly seq: number;
  readonly serial: number;
  /** The changed RRsets, whole; one with no records is deleted. */
  readonly rrsets: readonly RRset[];
}

/** Serialises a delta. Pure. Throws SnapshotError for an RRset of more than 65535 records. */
export function encodeDelta(delta: DeltaInput): Buffer {
  const origin = nameToWire(delta.origin);
  const owners = delta.rrsets.map((rrset) => nameToWire(rrset.name));
  let length = origin.length + 12;
  for (const [i, rrset] of delta.rrsets.entries()) length += rrsetLength(owners[i]!, rrset.rdata, rrset.signatures ?? [], rrset.name);
  const file = Buffer.allocUnsafe(DELTA_HEADER_LENGTH + length);
  let pos = DELTA_HEADER_LENGTH + origin.copy(file, DELTA_HEADER_LENGTH);
  pos = file.writeUInt32BE(delta.seq >>> 0, pos);
  pos = file.writeUInt32BE(delta.serial >>> 0, pos);
  pos = file.writeUInt32BE(delta.rrsets.length, pos);
  for (const [i, rrset] of delta.rrsets.entries()) pos = writeRRset(file, pos, owners[i]!, rrset.type, rrset.ttl, rrset.rdata, rrset.signatures ?? []);
  MAGIC.copy(file, 0);
  file.writeUInt16BE(DELTA_VERSION, 8);
  file.writeUInt16BE(0, 10);
  file.writeUInt32BE(length, 12);
  hash('sha256', file.subarray(DELTA_HEADER_LENGTH), 'buffer').copy(file, 16);
  return file;
}

/**
 * The length of the delta that starts at `offset` of `buf`, or 0 when `buf` ends before it
 * does (a delta still being appended). Throws SnapshotError when the bytes there are not a
 * delta's header.
 */
export function deltaLengthAt(buf: Buffer, offset: number): number {
  if (buf.length - offset < DELTA_HEADER_LENGTH) return 0;
  if (!buf.subarray(offset, offset + 8).equals(MAGIC)) throw new SnapshotError('not a DNSCove delta (bad magic)');
  const version = buf.readUInt16BE(offset + 8);
  if (version !== DELTA_VERSION) throw new SnapshotError(`delta version ${version} is not supported (expected ${DELTA_VERSION})`);
  const length = DELTA_HEADER_LENGTH + buf.readUInt32BE(offset + 12);
  return buf.length - offset < length ? 0 : length;
}

/** Verifies a whole delta (magic, version, length, checksum) and returns its body, a view of `file`. Throws SnapshotError. */
export function deltaBody(file: Buffer): Buffer {
  const length = deltaLengthAt(file, 0);
  if (length !== file.length) throw new SnapshotError(`delta is ${file.length} bytes, header says ${length === 0 ? 'more' : length}`);
  const body = file.subarray(DELTA_HEADER_LENGTH);
  if (!hash('sha256', body, 'buffer').equals(file.subarray(16, 48))) throw new SnapshotError('delta checksum mismatch');
  return body;
}

/** A delta's content as records (the control plane's reading of its own journal). */
export interface DecodedDelta {
  readonly origin: Name;
  readonly seq: number;
  readonly serial: number;
  /** RRsets with no records are deletions. */
  readonly rrsets: readonly RRset[];
}

/** Parses a verified delta body (deltaBody). Throws SnapshotError when it does not parse. */
export function decodeDelta(body: Buffer): DecodedDelta {
  try {
    const origin = readWireName(body, 0);
    const pos = origin.next;
    const { rrsets, next } = readRRsets(body, pos + 12, body.readUInt32BE(pos + 8));
    if (next !== body.length) throw new SnapshotError(`${body.length - next} stray bytes after the last RRset of a delta`);
    return { origin: origin.name, seq: body.readUInt32BE(pos), serial: body.readUInt32BE(pos + 4), rrsets };
  } catch (err) {
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(`delta does not parse: ${(err as Error).message}`, { cause: err });
  }
}
