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
  /** True when there are more than the limit. */
  readonly more: boolean;
  /** The highest version among them (0: none), up to which a publish forgets them. */
  readonly upTo: number;
}

interface Statements {
  list: Statement<[string, number], ChangedRRset>;
  last: Statement<[string], { v: number | null }>;
  clear: Statement<[string, number]>;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      list: db.prepare<[string, number], ChangedRRset>('SELECT name, type FROM rrset_changes WHERE zone_id = ? LIMIT ?'),
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
  const more = rrsets.length > limit;
  if (more) rrsets.length = limit;
  return { rrsets, more, upTo: s.last.get(zoneId)?.v ?? 0 };
}

/** Forgets the zone's changes up to version `upTo`; an RRset written since (a higher version) stays. */
export function clearZoneChanges(db: Database, zoneId: string, upTo: number): void {
  statements(db).clear.run(zoneId, upTo);
}
