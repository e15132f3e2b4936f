// What a zone's files in a snapshot directory are right now, from their headers: how the
// control plane's feed describes a zone, and how a remote edge knows what its cache holds.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Name } from '../dns/name.js';
import { SNAPSHOT_HEADER_LENGTH, SNAPSHOT_VERSION } from './codec.js';
import { JOURNAL_HEADER_LENGTH, JOURNAL_SUFFIX } from './journal.js';
import { SNAPSHOT_SUFFIX } from './snapshot-file.js';

/** A zone's snapshot (size, body checksum in hex) and journal (size, the checksum of the snapshot it continues, hex). */
export interface ZoneFileState {
  readonly snapshot: { readonly size: number; readonly checksum: string } | null;
  readonly journal: { readonly size: number; readonly base: string } | null;
}

/** A zone whose files were just written or removed (no snapshot: removed), as the writer knows them. */
export interface WrittenZone {
  readonly origin: Name;
  readonly files: ZoneFileState;
  /** The delta this write appended, which the journal now ends with; absent for a new snapshot or a removal. */
  readonly appended?: Buffer;
}

const SNAPSHOT_MAGIC = Buffer.from('DNSCSNAP', 'latin1');
const JOURNAL_MAGIC = Buffer.from('DNSCJRNL', 'latin1');

/** Size and header of a file, or undefined when it does not exist. Synchronous: a header is a few dozen bytes. */
function readHead(path: string, length: number): { size: number; head: Buffer } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const head = Buffer.alloc(length);
    const n = readSync(fd, head, 0, length, 0);
    return { size: fstatSync(fd).size, head: head.subarray(0, n) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The stem's snapshot (size, body checksum hex from its header) and journal (size, base
 * checksum hex) as they are on disk; a file without a complete header, or a snapshot of an
 * older version (which the next publish replaces), counts as absent, and a journal without a snapshot too (the edge loader serves neither). Synchronous, so that a
 * caller that records the result in the same turn of the event loop records one state.
 */
export function zoneFileState(dir: string, stem: string): ZoneFileState {
  const snap = readHead(join(dir, stem + SNAPSHOT_SUFFIX), SNAPSHOT_HEADER_LENGTH);
  if (snap === undefined || snap.head.length < SNAPSHOT_HEADER_LENGTH || !snap.head.subarray(0, 8).equals(SNAPSHOT_MAGIC) || snap.head.readUInt16BE(8) !== SNAPSHOT_VERSION) return { snapshot: null, journal: null };
  const snapshot = { size: snap.size, checksum: snap.head.subarray(16, 48).toString('hex') };
  const jrnl = readHead(join(dir, stem + JOURNAL_SUFFIX), JOURNAL_HEADER_LENGTH);
  if (jrnl === undefined || jrnl.head.length < JOURNAL_HEADER_LENGTH || !jrnl.head.subarray(0, 8).equals(JOURNAL_MAGIC)) return { snapshot, journal: null };
  return { snapshot, journal: { size: jrnl.size, base: jrnl.head.subarray(12, 44).toString('hex') } };
}

/** True when two descriptions name the same bytes. */
export function sameFiles(a: ZoneFileState, b: ZoneFileState): boolean {
  return (
    a.snapshot?.size === b.snapshot?.size &&
    a.snapshot?.checksum === b.snapshot?.checksum &&
    a.journal?.size === b.journal?.size &&
    a.journal?.base === b.journal?.base
  );
}
