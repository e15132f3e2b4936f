// The `rrset_changes` table (migration 4): the RRsets written since their zone's last publish.
import type { Database, Statement } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

/** One changed RRset's key. */
export interface ChangedRRset {
  readonly name: Name;
  readonly type: number;
}

/** What a publish read of the zone's changes. */
export interface ZoneChanges {
  /** The changed RRsets, at most the limit asked for. */
  readonly rrsets: readonly ChangedRRset[];
  /** True when there are more than the limit, or a bulk write changed the whole zone. */
  readonly more: boolean;
  /** The highest version among them (0: none), up to which a publish forgets them. */
  readonly upTo: number;
}

/** The `type` of the row a bulk write leaves: every RRset of the zone may have changed. */
const WHOLE_ZONE = -1;

interface Statements {
  list: Statement<[string, number], ChangedRRset>;
  whole: Statement<[string], { n: number }>;
  bump: Statement<[]>;
  markWhole: Statement<[string]>;
  bulkOn: Statement<[string]>;
  bulkOff: Statement<[string]>;
  last: Statement<[string], { v: number | null }>;
  clear: Statement<[string, number]>;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      list: db.prepare<[string, number], ChangedRRset>(`SELECT name, type FROM rrset_changes WHERE zone_id = ? AND type <> ${WHOLE_ZONE} LIMIT ?`),
      whole: db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM rrset_changes WHERE zone_id = ? AND name = '' AND type = ${WHOLE_ZONE}`),
      bump: db.prepare<[]>('UPDATE rrset_change_counter SET n = n + 1'),
      markWhole: db.prepare<[string]>(
        `INSERT INTO rrset_changes (zone_id, name, type, version) SELECT ?, '', ${WHOLE_ZONE}, n FROM rrset_change_counter WHERE true
         ON CONFLICT DO UPDATE SET version = excluded.version`,
      ),
      bulkOn: db.prepare<[string]>('INSERT OR IGNORE INTO rrset_bulk_writes (zone_id) VALUES (?)'),
      bulkOff: db.prepare<[string]>('DELETE FROM rrset_bulk_writes WHERE zone_id = ?'),
      last: db.prepare<[string], { v: number | null }>('SELECT max(version) AS v FROM rrset_changes WHERE zone_id = ?'),
      clear: db.prepare<[string, number]>('DELETE FROM rrset_changes WHERE zone_id = ? AND version <= ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/** The zone's changed RRsets (at most `limit`, in no particular order). Run it in the transaction that reads their rows. */
export function readZoneChanges(db: Database, zoneId: string, limit: number): ZoneChanges {
  const s = statements(db);
  const rrsets = s.list.all(zoneId, limit + 1);
  const more = rrsets.length > limit || s.whole.get(zoneId)!.n > 0;
  if (rrsets.length > limit) rrsets.length = limit;
  return { rrsets, more, upTo: s.last.get(zoneId)?.v ?? 0 };
}

/** Forgets the zone's changes up to version `upTo`; an RRset written since (a higher version) stays. */
export function clearZoneChanges(db: Database, zoneId: string, upTo: number): void {
  statements(db).clear.run(zoneId, upTo);
}

/**
 * Runs `write`, a bulk write of the zone's rows, with the per-row marks off, then marks the
 * whole zone changed (its next publish rebuilds the snapshot). Call it inside a transaction.
 */
export function bulkWrite<T>(db: Database, zoneId: string, write: () => T): T {
  const s = statements(db);
  s.bulkOn.run(zoneId);
  const result = write();
  s.bulkOff.run(zoneId);
  s.bump.run();
  s.markWhole.run(zoneId);
  return result;
}
