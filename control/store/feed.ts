// The `feed` table: per snapshot-file stem, the feed sequence it last changed at and what its files were then.
import type { Database } from 'better-sqlite3';
import type { ZoneFileState } from '../../shared/snapshot/zone-file-state.js';
import { TRANSFER_KEYS_STEM } from '../../shared/transfer/transfer-keys-file.js';

/** A zone's files as the feed describes them; a removed zone has neither. */
/** A stem's files as the feed lists them. */
export type FeedFiles = ZoneFileState;

export interface FeedRow extends FeedFiles {
  readonly stem: string;
  readonly seq: number;
  /** The delta the journal ends with (its last bytes), when the publish appended a small one. */
  readonly journalTail?: Buffer;
}

interface RawFeed {
  stem: string;
  seq: number;
  removed: number;
  snapshot_size: number | null;
  snapshot_checksum: string | null;
  journal_size: number | null;
  journal_base: string | null;
  journal_tail: Buffer | null;
}

function toRow(r: RawFeed): FeedRow {
  const row = {
    stem: r.stem,
    seq: r.seq,
    snapshot: r.removed === 1 || r.snapshot_size === null || r.snapshot_checksum === null ? null : { size: r.snapshot_size, checksum: r.snapshot_checksum },
    journal: r.removed === 1 || r.journal_size === null || r.journal_base === null ? null : { size: r.journal_size, base: r.journal_base },
  };
  return r.journal_tail === null || row.journal === null ? row : { ...row, journalTail: r.journal_tail };
}

/** The highest sequence ever given (0 for an empty feed): rows are never deleted, so it only grows. */
export function feedSeq(db: Database): number {
  return db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM feed').get()?.seq ?? 0;
}

export function findFeedRow(db: Database, stem: string): FeedRow | undefined {
  const r = db.prepare<[string], RawFeed>('SELECT * FROM feed WHERE stem = ?').get(stem);
  return r === undefined ? undefined : toRow(r);
}

/** Stores a stem's files at `seq` (replacing what it had). */
export function putFeedRow(db: Database, row: FeedRow): void {
  db.prepare(
    `INSERT OR REPLACE INTO feed (stem, seq, removed, snapshot_size, snapshot_checksum, journal_size, journal_base, journal_tail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.stem, row.seq, row.snapshot === null ? 1 : 0, row.snapshot?.size ?? null, row.snapshot?.checksum ?? null, row.journal?.size ?? null, row.journal?.base ?? null, row.journalTail ?? null);
}

/** Up to `limit` stems that changed after `after`, oldest change first. */
export function feedAfter(db: Database, after: number, limit: number): FeedRow[] {
  return db.prepare<[number, number], RawFeed>('SELECT * FROM feed WHERE seq > ? ORDER BY seq LIMIT ?').all(after, limit).map(toRow);
}

/** How many zones changed after `seq` (the transfer keys' entry is no zone). */
export function countFeedAfter(db: Database, seq: number): number {
  return db.prepare<[number, string], { n: number }>('SELECT COUNT(*) AS n FROM feed WHERE seq > ? AND stem != ?').get(seq, TRANSFER_KEYS_STEM)?.n ?? 0;
}

/** Every stem that is not removed. */
export function liveFeedStems(db: Database): string[] {
  return db.prepare<[], { stem: string }>('SELECT stem FROM feed WHERE removed = 0').all().map((r) => r.stem);
}

/** This database's feed identity (migration 13): remote edges tell a new database from a replayed answer by it. */
export function feedIdentity(db: Database): string {
  const row = db.prepare<[], { id: string }>('SELECT id FROM feed_identity').get();
  if (row === undefined) throw new Error('feed_identity is empty: the database was not migrated');
  return row.id;
}
