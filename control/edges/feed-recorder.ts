// Turns "the publisher wrote these zones' files" into feed entries: one new sequence number per stem that changed.
import { readdir } from 'node:fs/promises';
import type { Database } from 'better-sqlite3';
import { JOURNAL_SUFFIX } from '../../shared/snapshot/journal.js';
import { SNAPSHOT_SUFFIX, stemOfOrigin, TEMP_PREFIX } from '../../shared/snapshot/snapshot-file.js';
import { feedSeq, findFeedRow, liveFeedStems, putFeedRow } from '../store/feed.js';
import type { FeedRow } from '../store/feed.js';
import { sameFiles, zoneFileState } from '../../shared/snapshot/zone-file-state.js';
import type { WrittenZone } from '../../shared/snapshot/zone-file-state.js';
import { TRANSFER_KEYS_STEM, transferKeysState } from '../../shared/transfer/transfer-keys-file.js';

/** Stems compared per turn of the event loop during a full rescan. */
const SCAN_SLICE = 500;
/** The most of a journal's end a feed entry carries for the changes answer: a few small deltas (ACME values, a few records, their signatures). */
export const MAX_JOURNAL_TAIL = 8 * 1024;

/**
 * The journal's last bytes after `written` appended a delta: the entry's tail before it, when
 * the journal continued from exactly there, then the delta; at most MAX_JOURNAL_TAIL of them, so
 * an edge a few small deltas behind appends them all without fetching a range. None after a
 * new snapshot, or when the delta alone is bigger.
 */
function journalTail(known: FeedRow | undefined, written: WrittenZone | undefined): { journalTail?: Buffer } {
  const appended = written?.appended;
  const journal = written?.files.journal;
  if (appended === undefined || journal === null || journal === undefined || appended.length > MAX_JOURNAL_TAIL) return {};
  const before = known?.journal;
  const continues = known?.journalTail !== undefined && before?.base === journal.base && before.size === journal.size - appended.length;
  const tail = continues ? Buffer.concat([known.journalTail!, appended]) : appended;
  return { journalTail: tail.subarray(Math.max(0, tail.length - MAX_JOURNAL_TAIL)) };
}

export interface FeedRecorder {
  /** The highest sequence given so far. */
  seq(): number;
  /**
   * Records the files the publisher just wrote (as it describes them, without reading them
   * back), or the current files of every stem in the directory and in the feed when none are
   * given (a full rescan, e.g. after startup). Each stem whose files differ
   * from its last entry gets the next sequence number; unchanged stems get none, so a
   * republish of the same content costs edges nothing. Resolves when recorded; concurrent
   * full rescans share one run (plus one more if asked during it).
   */
  record(written?: readonly WrittenZone[]): Promise<void>;
  /** Records the edges' transfer keys file (shared/transfer/transfer-keys-file.ts) as it is now. */
  recordTransferKeys(): void;
}

/**
 * A recorder over the feed table and the snapshot directory; `advanced(seq)` runs after each
 * batch of new entries is committed (to wake long-polls).
 */
export function createFeedRecorder(db: Database, dir: string, advanced: (seq: number) => void): FeedRecorder {
  let seq = feedSeq(db);
  let scan: Promise<void> | undefined;
  let again = false;

  // Reading the headers and writing the entries in one synchronous step means no publish can
  // land between them, so the entry describes the files exactly as they were at that seq. A
  // stem the publisher describes is recorded in its queue, before its next write.
  const recordStems = db.transaction((stems: readonly string[], described?: ReadonlyMap<string, WrittenZone>): number => {
    let changed = 0;
    for (const stem of stems) {
      const written = described?.get(stem);
      const files = written?.files ?? (stem === TRANSFER_KEYS_STEM ? { snapshot: transferKeysState(dir), journal: null } : zoneFileState(dir, stem));
      const known = findFeedRow(db, stem);
      if (known === undefined ? files.snapshot === null : sameFiles(known, files)) continue;
      putFeedRow(db, { stem, seq: ++seq, ...files, ...journalTail(known, written) });
      changed++;
    }
    return changed;
  });
  const apply = (stems: readonly string[], described?: ReadonlyMap<string, WrittenZone>): void => {
    const before = seq;
    try {
      if (recordStems(stems, described) > 0) advanced(seq);
    } catch (err) {
      seq = before;
      throw err;
    }
  };

  async function rescan(): Promise<void> {
    do {
      again = false;
      const stems = new Set([...liveFeedStems(db), TRANSFER_KEYS_STEM]);
      for (const file of await readdir(dir).catch(() => [] as string[])) {
        if (file.startsWith(TEMP_PREFIX)) continue;
        if (file.endsWith(SNAPSHOT_SUFFIX)) stems.add(file.slice(0, -SNAPSHOT_SUFFIX.length));
        else if (file.endsWith(JOURNAL_SUFFIX)) stems.add(file.slice(0, -JOURNAL_SUFFIX.length));
      }
      const all = [...stems];
      for (let i = 0; i < all.length; i += SCAN_SLICE) {
        apply(all.slice(i, i + SCAN_SLICE));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } while (again);
  }

  return {
    seq: () => seq,
    recordTransferKeys: () => apply([TRANSFER_KEYS_STEM]),
    record(written) {
      if (written !== undefined) {
        const described = new Map(written.map((w) => [stemOfOrigin(w.origin), w]));
        apply([...described.keys()], described);
        return Promise.resolve();
      }
      if (scan !== undefined) {
        again = true;
        return scan;
      }
      scan = rescan().finally(() => {
        scan = undefined;
      });
      return scan;
    },
  };
}
