// The publisher's writer: a zone's snapshot and journal on disk, and where they stand
// (JournalState) as this process last wrote them, so a publish neither reads headers back nor
// rescans a journal it appended to itself. The feed is handed the same state (filesOf).
import type { Name } from '../../shared/dns/name.js';
import type { RRset } from '../../shared/dns/rrset.js';
import type { Logger } from '../../shared/log.js';
import { snapshotChecksum } from '../../shared/snapshot/codec.js';
import { encodeDelta } from '../../shared/snapshot/delta.js';
import { foldJournal } from '../../shared/snapshot/fold-journal.js';
import { encodeJournalHeader, JOURNAL_HEADER_LENGTH } from '../../shared/snapshot/journal.js';
import { readZoneFiles } from '../../shared/snapshot/published-content.js';
import { PublishedIndex } from '../../shared/snapshot/published-index.js';
import { appendToFile, journalFileName, removeSnapshotFile, replaceFile, snapshotFileName, stemOfOrigin } from '../../shared/snapshot/snapshot-file.js';
import { zoneFileState } from '../../shared/snapshot/zone-file-state.js';
import type { WrittenZone, ZoneFileState } from '../../shared/snapshot/zone-file-state.js';
import { readJournalState } from './zone-journal.js';
import type { JournalState } from './zone-journal.js';

/** A zone's files as the feed describes them (zone-file-state.ts), from the state they were written with; undefined: removed. */
function filesOfJournal(state: JournalState | undefined): ZoneFileState {
  if (state === undefined) return { snapshot: null, journal: null };
  const checksum = state.baseChecksum.toString('hex');
  return { snapshot: { size: state.snapshotBytes, checksum }, journal: { size: state.journalBytes, base: checksum } };
}

/**
 * Writes zones' files in one snapshot directory. Callers serialise the writes of one origin
 * (the publisher's queue). A write that fails forgets the origin's state, so the next one
 * reads the files again (and cuts off a torn delta).
 */
export class ZoneFilesWriter {
  readonly #journals = new Map<Name, JournalState | undefined>();
  // The delta last appended per origin, while the journal still ends with it.
  readonly #appended = new Map<Name, Buffer>();
  // Published content indexed by owner, for patches; built on the first patch after a snapshot is written.
  readonly #indexes = new Map<Name, PublishedIndex>();

  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** Where the zone's files stand: as last written here, else read from them; undefined when there is no journal to append to. */
  async journal(origin: Name): Promise<JournalState | undefined> {
    if (this.#journals.has(origin)) return this.#journals.get(origin);
    const state = await readJournalState(this.dir, origin);
    this.#journals.set(origin, state);
    return state;
  }

  /** The zone's files for the feed: as last written here, else as their headers say now. */
  filesOf(origin: Name): ZoneFileState {
    return this.#journals.has(origin) ? filesOfJournal(this.#journals.get(origin)) : zoneFileState(this.dir, stemOfOrigin(origin));
  }

  /** The zone as the feed records it after a write: its files, and the delta the journal ends with when the write appended one. */
  written(origin: Name): WrittenZone {
    const appended = this.#appended.get(origin);
    return appended === undefined ? { origin, files: this.filesOf(origin) } : { origin, files: this.filesOf(origin), appended };
  }

  /** Forgets what was written for the zone: the next write reads the files again. */
  forget(origin: Name): void {
    this.#journals.delete(origin);
    this.#appended.delete(origin);
    this.#indexes.delete(origin);
  }

  /** Appends a delta of `rrsets` (no records: removed) as the zone's next publication. */
  async append(origin: Name, journal: JournalState, serial: number, rrsets: readonly RRset[]): Promise<JournalState> {
    const seq = journal.seq + 1;
    const delta = encodeDelta({ origin, seq, serial, rrsets });
    return this.#settle(origin, async () => {
      await appendToFile(this.dir, journalFileName(origin), delta);
      this.#appended.set(origin, delta);
      return { ...journal, seq, journalBytes: journal.journalBytes + delta.length, deltas: journal.deltas + 1 };
    });
  }

  /**
   * Writes a new snapshot as publication `seq`, then an empty journal continuing it (an edge
   * that reads the new snapshot beside the old journal serves the snapshot alone until then).
   */
  async write(origin: Name, file: Buffer, seq: number): Promise<JournalState> {
    return this.#settle(origin, async () => {
      this.#indexes.delete(origin);
      this.#appended.delete(origin);
      await replaceFile(this.dir, snapshotFileName(origin), file);
      const baseChecksum = Buffer.from(snapshotChecksum(file));
      await replaceFile(this.dir, journalFileName(origin), encodeJournalHeader({ baseChecksum, baseSeq: seq }));
      return { baseChecksum, snapshotBytes: file.length, seq, journalBytes: JOURNAL_HEADER_LENGTH, deltas: 0 };
    });
  }

  /**
   * Compaction: the journal folded into a new snapshot of the same content and publication,
   * from the files' bytes (fold-journal.ts), with an empty journal for the next delta. Edges
   * serve the same content throughout: the new snapshot alone, then with its journal.
   */
  async fold(origin: Name, journal: JournalState): Promise<JournalState> {
    const started = performance.now();
    const files = await readZoneFiles(this.dir, origin);
    if (!snapshotChecksum(files.snapshot).equals(journal.baseChecksum)) {
      this.forget(origin);
      throw new Error(`publish: the snapshot of ${origin} changed under its journal`);
    }
    const written = await this.write(origin, await foldJournal(files.snapshot, files.deltas), journal.seq);
    this.log.info('publish: journal folded into a new snapshot', { origin, deltas: journal.deltas, journalBytes: journal.journalBytes, snapshotBytes: written.snapshotBytes, ms: Math.round(performance.now() - started) });
    return written;
  }

  /** Removes the zone's snapshot and journal (idempotent). */
  async remove(origin: Name): Promise<void> {
    this.#indexes.delete(origin);
    this.#appended.delete(origin);
    await this.#settle(origin, async () => {
      await removeSnapshotFile(this.dir, origin);
      return undefined;
    });
  }

  /** The zone's published content indexed for reading by RRset, its journal read up to `journal`. */
  async index(origin: Name, journal: JournalState): Promise<PublishedIndex> {
    let index = this.#indexes.get(origin);
    if (index === undefined || !index.baseChecksum.equals(journal.baseChecksum)) {
      index = await PublishedIndex.open(this.dir, origin);
      if (!index.baseChecksum.equals(journal.baseChecksum)) throw new Error(`publish: the snapshot of ${origin} changed under its journal`);
      this.#indexes.set(origin, index);
    }
    await index.refresh(journal.journalBytes);
    return index;
  }

  async #settle<T extends JournalState | undefined>(origin: Name, write: () => Promise<T>): Promise<T> {
    try {
      const state = await write();
      this.#journals.set(origin, state);
      return state;
    } catch (err) {
      this.forget(origin);
      throw err;
    }
  }
}
