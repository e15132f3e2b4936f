// The journal format: the deltas published since a zone's snapshot, in order, in one file.
//
// Layout: magic "DNSCJRNL" (8) | version u16 | reserved u16 | the snapshot's body checksum
// (32, the SHA-256 in its header) | the snapshot's publication sequence u32 | deltas back to
// back (delta.ts). A journal names the snapshot it continues, so a reader never applies
// deltas to another version of the zone; a writer only appends whole deltas, so a reader
// that sees a partial last one stops before it and reads it later.
import { SnapshotError } from './snapshot-error.js';
import { deltaBody, deltaLengthAt } from './delta.js';

const MAGIC = Buffer.from('DNSCJRNL', 'latin1');
export const JOURNAL_VERSION = 1;
export const JOURNAL_HEADER_LENGTH = 8 + 2 + 2 + 32 + 4;
export const JOURNAL_SUFFIX = '.journal';

/** What a journal continues: the snapshot (by its body checksum) and that snapshot's publication sequence. */
export interface JournalHeader {
  readonly baseChecksum: Buffer;
  readonly baseSeq: number;
}

/** The header of a journal continuing a snapshot whose header holds `baseChecksum`. */
export function encodeJournalHeader(header: JournalHeader): Buffer {
  const out = Buffer.alloc(JOURNAL_HEADER_LENGTH);
  MAGIC.copy(out, 0);
  out.writeUInt16BE(JOURNAL_VERSION, 8);
  header.baseChecksum.copy(out, 12, 0, 32);
  out.writeUInt32BE(header.baseSeq >>> 0, 44);
  return out;
}

/** Parses a journal's header from its first bytes; undefined when fewer than a header's length are there yet. Throws SnapshotError. */
export function decodeJournalHeader(bytes: Buffer): JournalHeader | undefined {
  if (bytes.length < JOURNAL_HEADER_LENGTH) return undefined;
  if (!bytes.subarray(0, 8).equals(MAGIC)) throw new SnapshotError('not a DNSCove journal (bad magic)');
  const version = bytes.readUInt16BE(8);
  if (version !== JOURNAL_VERSION) throw new SnapshotError(`journal version ${version} is not supported (expected ${JOURNAL_VERSION})`);
  return { baseChecksum: bytes.subarray(12, 44), baseSeq: bytes.readUInt32BE(44) };
}

/**
 * The complete deltas in `bytes` (journal bytes read from some entry boundary on), each
 * verified, with how many bytes they took; a partial last delta is left for a later read.
 * Throws SnapshotError when a delta is damaged.
 */
export function readJournalEntries(bytes: Buffer): { bodies: Buffer[]; consumed: number } {
  const bodies: Buffer[] = [];
  let at = 0;
  for (;;) {
    const length = deltaLengthAt(bytes, at);
    if (length === 0) return { bodies, consumed: at };
    bodies.push(deltaBody(bytes.subarray(at, at + length)));
    at += length;
  }
}
