// One zone's files in a snapshot directory — its snapshot and the journal of deltas published
// since — and what was last loaded from them.
//
// A changed snapshot is read and indexed whole; a journal is read from where the last read
// stopped, and its new deltas are laid over the zone (LayeredZone), so a one-record change to
// a zone of a million records costs a few hundred bytes read and a few names touched.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotChecksum } from '../shared/snapshot/codec.js';
import { decodeJournalHeader, JOURNAL_HEADER_LENGTH, JOURNAL_SUFFIX, readJournalEntries } from '../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX } from '../shared/snapshot/snapshot-file.js';
import type { NameKey } from './name-key.js';
import { LayeredZone } from './index/layered-zone.js';
import { indexSnapshotSliced } from './index/zone-builder.js';
import type { ZoneData } from './index/zone-data.js';
import type { ZoneIndex } from './index/zone-index.js';
import type { Logger } from '../shared/log.js';

export type ZoneFilesOutcome =
  /** New content to serve; `replaces` is the origin served from these files before, if any. */
  | { readonly kind: 'loaded'; readonly zone: ZoneData; readonly replaces: NameKey | undefined }
  /** The snapshot file is gone; `served` is the origin that was served from it. */
  | { readonly kind: 'gone'; readonly served: NameKey | undefined }
  /** The snapshot changed but cannot be served (logged); what was served keeps serving. */
  | { readonly kind: 'refused' }
  | { readonly kind: 'unchanged' };

/**
 * Reads up to this size are synchronous: for a small file the thread-pool round trips of the
 * asynchronous calls cost far more than the read (a hundred thousand zones load several times
 * faster), and reading it blocks the loop for microseconds.
 */
const SYNC_READ_BYTES = 1 << 20;

/** Where reading the journal stands, for the journal file with inode `ino`. */
interface JournalPosition {
  readonly ino: number;
  /** Bytes read and applied (the header included); -1 when the journal continues another snapshot. */
  readonly offset: number;
}

interface Base {
  readonly zone: ZoneIndex;
  readonly checksum: Buffer;
}

type Read = { readonly bytes: Buffer; readonly signature: string } | 'unchanged' | 'gone';

export class ZoneFiles {
  readonly #snapshotPath: string;
  readonly #journalPath: string;
  #base: Base | undefined;
  /** inode, size and mtime of the snapshot last read (loaded or refused, so a refusal is logged once). */
  #signature: string | undefined;
  #journal: JournalPosition | undefined;
  #served: ZoneData | undefined;
  #seq = 0;

  constructor(
    dir: string,
    readonly stem: string,
    readonly log: Logger,
  ) {
    this.#snapshotPath = join(dir, stem + SNAPSHOT_SUFFIX);
    this.#journalPath = join(dir, stem + JOURNAL_SUFFIX);
  }

  /** What is served from these files now. */
  get served(): ZoneData | undefined {
    return this.#served;
  }

  /** The publication sequence of what is served: its last delta's, else its snapshot's (0 when no journal said). */
  get seq(): number {
    return this.#seq;
  }

  /**
   * Reads what changed since the last call: the snapshot if it was replaced (by inode, size
   * and mtime, read from the open file so that they describe the bytes read), and the journal
   * from where the last read stopped. Never throws for a bad file: a bad snapshot is
   * 'refused', a bad delta stops the journal there; each is logged once. `journalListed`
   * false says a directory listing just now had no journal, so none is looked for: at start,
   * a hundred thousand failing opens would cost seconds.
   */
  async refresh(journalListed = true): Promise<ZoneFilesOutcome> {
    const previous = this.#served;
    const snapshot = await readChanged(this.#snapshotPath, this.#signature);
    if (snapshot === 'gone') {
      this.#base = undefined;
      this.#journal = undefined;
      this.#served = undefined;
      this.#signature = undefined;
      return { kind: 'gone', served: previous?.originKey };
    }
    if (snapshot !== 'unchanged') {
      this.#signature = snapshot.signature;
      try {
        const zone = await indexSnapshotSliced(snapshot.bytes);
        this.#base = { zone, checksum: Buffer.from(snapshotChecksum(snapshot.bytes)) };
        this.#journal = undefined;
        this.#served = zone;
        this.#seq = 0;
      } catch (err) {
        this.log.warn('edge: snapshot refused; the previous version keeps serving', { file: this.stem + SNAPSHOT_SUFFIX, reason: (err as Error).message });
        return { kind: 'refused' };
      }
    }
    if (this.#base !== undefined && journalListed) await this.#readJournal(this.#base);
    if (this.#served === previous || this.#served === undefined) return { kind: 'unchanged' };
    return { kind: 'loaded', zone: this.#served, replaces: previous?.originKey };
  }

  async #readJournal(base: Base): Promise<void> {
    let read: { bytes: Buffer; ino: number } | undefined;
    try {
      read = await readFrom(this.#journalPath, this.#journal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // No journal (yet): the snapshot alone is the zone.
      if (this.#journal !== undefined) this.#served = base.zone;
      this.#journal = undefined;
      return;
    }
    if (read === undefined) return;
    let { bytes } = read;
    let offset = this.#journal?.ino === read.ino ? this.#journal.offset : 0;
    if (offset === 0) {
      let header;
      try {
        header = decodeJournalHeader(bytes);
      } catch (err) {
        this.#journal = { ino: read.ino, offset: -1 };
        this.log.warn('edge: journal refused; the zone keeps serving what it had', { file: this.stem + JOURNAL_SUFFIX, reason: (err as Error).message });
        return;
      }
      if (header === undefined) return;
      if (!header.baseChecksum.equals(base.checksum)) {
        // It continues another version of the snapshot (one on its way, or one refused):
        // what is served stays as it is.
        this.#journal = { ino: read.ino, offset: -1 };
        return;
      }
      // A journal file read from its start: its deltas apply to the snapshot itself.
      this.#served = base.zone;
      this.#seq = header.baseSeq;
      bytes = bytes.subarray(JOURNAL_HEADER_LENGTH);
      offset = JOURNAL_HEADER_LENGTH;
      this.#journal = { ino: read.ino, offset };
    }
    try {
      const { bodies, consumed } = readJournalEntries(bytes);
      if (bodies.length === 0) return;
      const layered = LayeredZone.apply(this.#served!, bodies);
      this.#served = layered;
      this.#seq = layered.seq;
      this.#journal = { ino: read.ino, offset: offset + consumed };
    } catch (err) {
      // Nothing of the bad read is applied; the journal is read again when it changes.
      this.log.warn('edge: journal refused from this delta on; the zone keeps serving what it had', { file: this.stem + JOURNAL_SUFFIX, offset, reason: (err as Error).message });
    }
  }
}

/**
 * The file's bytes when its signature differs from `known`, read from the open file (a big
 * one asynchronously, off the loop). Throws for errors other than ENOENT ('gone').
 */
async function readChanged(path: string, known: string | undefined): Promise<Read> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  let size: number;
  let signature: string;
  try {
    const st = fstatSync(fd);
    signature = `${st.ino}:${st.size}:${st.mtimeMs}`;
    if (signature === known) return 'unchanged';
    size = st.size;
    // Small buffers come from Node's shared pool, not an allocation of their own each.
    if (size <= SYNC_READ_BYTES) return { bytes: readRange(fd, Buffer.allocUnsafe(size), 0), signature };
  } finally {
    closeSync(fd);
  }
  return { bytes: await readAsync(path, size, 0), signature };
}

/**
 * The journal's bytes past `position` (all of it when it is another file now), or undefined
 * when there are none or the journal continues another snapshot. Throws ENOENT when absent.
 */
async function readFrom(path: string, position: JournalPosition | undefined): Promise<{ bytes: Buffer; ino: number } | undefined> {
  const fd = openSync(path, 'r');
  let from: number;
  let size: number;
  let ino: number;
  try {
    const st = fstatSync(fd);
    ino = st.ino;
    size = st.size;
    from = position?.ino === ino ? position.offset : 0;
    if (from < 0 || size <= from) return undefined;
    if (size - from <= SYNC_READ_BYTES) return { bytes: readRange(fd, Buffer.allocUnsafe(size - from), from), ino };
  } finally {
    closeSync(fd);
  }
  return { bytes: await readAsync(path, size - from, from), ino };
}

/** Fills `buf` from `fd` at `from`; a file that shrank meanwhile gives the bytes there are. */
function readRange(fd: number, buf: Buffer, from: number): Buffer {
  let at = 0;
  while (at < buf.length) {
    const n = readSync(fd, buf, at, buf.length - at, from + at);
    if (n === 0) return buf.subarray(0, at);
    at += n;
  }
  return buf;
}

async function readAsync(path: string, length: number, from: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    let at = 0;
    while (at < length) {
      const { bytesRead } = await handle.read(buf, at, length - at, from + at);
      if (bytesRead === 0) return buf.subarray(0, at);
      at += bytesRead;
    }
    return buf;
  } finally {
    await handle.close();
  }
}
