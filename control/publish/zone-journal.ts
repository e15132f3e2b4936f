// Where a zone's published files stand: the snapshot a journal continues, and how far the
// journal has grown, so a publish can append a delta instead of rebuilding the zone.
import { readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Name } from '../../shared/dns/name.js';
import { decodeDelta, deltaBody, deltaLengthAt } from '../../shared/snapshot/delta.js';
import { decodeJournalHeader, JOURNAL_HEADER_LENGTH } from '../../shared/snapshot/journal.js';
import { journalFileName, stemOfOrigin } from '../../shared/snapshot/snapshot-file.js';
import { zoneFileState } from '../../shared/snapshot/zone-file-state.js';

export interface JournalState {
  /** The body checksum of the snapshot the journal continues. */
  readonly baseChecksum: Buffer;
  readonly snapshotBytes: number;
  /** The publication sequence of the last snapshot or delta written. */
  readonly seq: number;
  readonly journalBytes: number;
  readonly deltas: number;
}

/**
 * The state of files this process did not write (after a restart): the snapshot's header and
 * a journal continuing it, every delta verified. A torn last delta (a crash mid-append) is cut
 * off, so the next append follows a whole one. Undefined when there is no snapshot, no
 * journal, or a journal for another snapshot: then the next publish rebuilds the snapshot.
 */
export async function readJournalState(dir: string, origin: Name): Promise<JournalState | undefined> {
  const { snapshot, journal: listed } = zoneFileState(dir, stemOfOrigin(origin));
  if (snapshot === null || listed === null || listed.base !== snapshot.checksum) return undefined;
  const path = join(dir, journalFileName(origin));
  let journal: Buffer;
  try {
    journal = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const decoded = decodeJournalHeader(journal);
    if (decoded === undefined || decoded.baseChecksum.toString('hex') !== snapshot.checksum) return undefined;
    let seq = decoded.baseSeq;
    let deltas = 0;
    let at = JOURNAL_HEADER_LENGTH;
    for (let length = deltaLengthAt(journal, at); length > 0; length = deltaLengthAt(journal, at)) {
      seq = decodeDelta(deltaBody(journal.subarray(at, at + length))).seq;
      deltas++;
      at += length;
    }
    if (at < journal.length) await truncate(path, at);
    return { baseChecksum: Buffer.from(snapshot.checksum, 'hex'), snapshotBytes: snapshot.size, seq, journalBytes: at, deltas };
  } catch {
    // A damaged journal: the next publish replaces it with a new snapshot and journal.
    return undefined;
  }
}
