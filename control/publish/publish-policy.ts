// The publisher's decisions, apart from its I/O: when a change goes out as a delta and when
// the snapshot is rebuilt, when a journal is folded, and how long a rebuild waits behind the
// last one. Pure, so each rule is tested alone (publish-policy.test.ts).
import type { JournalState } from './zone-journal.js';

/**
 * A journal is folded into a new snapshot (fold-journal.ts, from the files' bytes) past this
 * many deltas (an edge replays them all when it restarts, and a remote edge fetches the new
 * snapshot whole, so it is rare)…
 */
export const MAX_DELTAS = 10_000;
/** …or once it holds this share of the snapshot's size (whichever comes first). */
const MAX_JOURNAL_SHARE = 0.5;
const MIN_JOURNAL_BYTES = 256 * 1024;
/** A publish changing more RRsets than this rebuilds the snapshot (an import, a bulk edit). */
export const MAX_DELTA_RRSETS = 10_000;

/** True while the journal may take another delta. */
export function journalHasRoom(state: JournalState): boolean {
  return state.deltas < MAX_DELTAS && state.journalBytes < Math.max(MIN_JOURNAL_BYTES, state.snapshotBytes * MAX_JOURNAL_SHARE);
}

/** True when the journal must be folded into its snapshot before anything is appended to it. */
export function mustFold(journal: JournalState | undefined): journal is JournalState {
  return journal !== undefined && !journalHasRoom(journal);
}

/**
 * True when a publish goes out as a delta: the zone has a journal with room, and every RRset
 * changed since the last publish was read (`more`: rrset_changes held more than MAX_DELTA_RRSETS,
 * or a bulk write marked the whole zone). Otherwise the snapshot is rebuilt from the rows.
 */
export function publishesByDelta(journal: JournalState | undefined, changes: { readonly more: boolean }): journal is JournalState {
  return journal !== undefined && !changes.more && journalHasRoom(journal);
}

/** True when due signatures are renewed as a delta rather than by signing the published content whole. */
export function renewsByDelta(journal: JournalState | undefined, due: number, pendingChanges: boolean): journal is JournalState {
  return !pendingChanges && journal !== undefined && journalHasRoom(journal) && due < MAX_DELTA_RRSETS;
}

/**
 * Per zone, when its last snapshot rebuild ended and how long it took: a throttled rebuild
 * (auto-publish, retries) waits until as long after the last one as that took, so a stream of
 * bulk changes to a big zone keeps rebuilding to at most about half of the event loop. Deltas
 * never wait. Times are performance.now() milliseconds.
 */
export class RebuildThrottle {
  readonly #last = new Map<string, { end: number; took: number }>();

  /** How long a rebuild of the zone starting at `now` waits (0: at once). */
  waitMs(zoneId: string, now: number): number {
    const last = this.#last.get(zoneId);
    return last === undefined ? 0 : Math.max(0, last.end + last.took - now);
  }

  rebuilt(zoneId: string, started: number, ended: number): void {
    this.#last.set(zoneId, { end: ended, took: ended - started });
  }

  forget(zoneId: string): void {
    this.#last.delete(zoneId);
  }
}
