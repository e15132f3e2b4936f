// Folds a journal into its snapshot: the snapshot of what the two serve together, built from the
// files' bytes (the RRsets no delta touched are copied as they are), not from the database's
// rows, so compacting a million-record zone costs a copy of its file, not a rebuild.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { nameToWire } from '../dns/name.js';
import type { RRset } from '../dns/rrset.js';
import { rrsetLength, skipOwnerName, skipValues, SNAPSHOT_HEADER_LENGTH, sealSnapshot, snapshotBody, writeRRset } from './codec.js';
import { decodeDelta } from './delta.js';
import { SnapshotError } from './snapshot-error.js';

/** The longest the fold keeps the event loop at a time. */
const SLICE_MS = 8;

/**
 * The snapshot file serving what `snapshot` (a verified file) and the delta `bodies` (verified,
 * in order) serve together: every RRset no delta touched, byte for byte and in its place, then
 * the RRsets the deltas leave (a later delta's wins; one with no records is gone). Yields to the
 * event loop every few milliseconds. Throws SnapshotError when a file does not parse.
 */
export async function foldJournal(snapshot: Buffer, bodies: readonly Buffer[]): Promise<Buffer> {
  const changed = new Map<string, RRset>();
  for (const body of bodies) for (const rrset of decodeDelta(body).rrsets) changed.set(keyOf(nameToWire(rrset.name), rrset.type), rrset);
  const body = snapshotBody(snapshot);
  const originEnd = skipOwnerName(body, 0);
  const count = body.readUInt32BE(originEnd);
  // The RRsets kept, as byte ranges of the old body.
  const kept: number[] = [];
  let keptBytes = 0;
  let pos = originEnd + 4;
  let sliceStart = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      if (i % 1024 === 1023 && performance.now() - sliceStart > SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
      const start = pos;
      const ownerEnd = skipOwnerName(body, pos);
      const type = body.readUInt16BE(ownerEnd);
      pos = skipValues(body, skipValues(body, ownerEnd + 6));
      if (changed.size > 0 && changed.has(keyOf(body.subarray(start, ownerEnd), type))) continue;
      kept.push(start, pos);
      keptBytes += pos - start;
    }
  } catch (err) {
    throw new SnapshotError(`snapshot body does not parse: ${(err as Error).message}`, { cause: err });
  }
  if (pos !== body.length) throw new SnapshotError(`${body.length - pos} stray bytes after the last RRset`);
  const added = [...changed.values()].filter((r) => r.rdata.length > 0).map((r) => ({ rrset: r, owner: nameToWire(r.name) }));
  const addedBytes = added.reduce((sum, { rrset, owner }) => sum + rrsetLength(owner, rrset.rdata, rrset.signatures ?? [], rrset.name), 0);
  const out = Buffer.allocUnsafe(SNAPSHOT_HEADER_LENGTH + originEnd + 4 + keptBytes + addedBytes);
  let at = SNAPSHOT_HEADER_LENGTH + body.copy(out, SNAPSHOT_HEADER_LENGTH, 0, originEnd);
  at = out.writeUInt32BE(kept.length / 2 + added.length, at);
  for (let k = 0; k < kept.length; k += 2) at += body.copy(out, at, kept[k]!, kept[k + 1]!);
  for (const { rrset, owner } of added) at = writeRRset(out, at, owner, rrset.type, rrset.ttl, rrset.rdata, rrset.signatures ?? []);
  return sealSnapshot(out);
}

function keyOf(ownerWire: Uint8Array, type: number): string {
  return `${Buffer.from(ownerWire.buffer, ownerWire.byteOffset, ownerWire.byteLength).toString('latin1')}/${type}`;
}
