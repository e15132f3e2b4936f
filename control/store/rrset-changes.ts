// The `rrset_changes` table (migration 4): the RRsets written since their zone's last publish.
import type { Database, Statement } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

/** One changed RRset key, at the version of the change last read. */
export interface ChangedRRset {
  readonly name: Name;
  readonly type: number;
  readonly version: number;
}

interface Statements {
  list: Statement<[string], ChangedRRset>;
  clear: Statement<[string, string, number, number]>;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      list: db.prepare<[string], ChangedRRset>('SELECT name, type, version FROM rrset_changes WHERE zone_id = ?'),
      clear: db.prepare<[string, string, number, number]>('DELETE FROM rrset_changes WHERE zone_id = ? AND name = ? AND type = ? AND version = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/** The zone's changed RRsets, in no particular order. */
export function listChangedRRsets(db: Database, zoneId: string): ChangedRRset[] {
  return statements(db).list.all(zoneId);
}

/** Forgets the changes a publish carried; a key written again since (a higher version) stays. */
export function clearChangedRRsets(db: Database, zoneId: string, changes: readonly ChangedRRset[]): void {
  const s = statements(db);
  db.transaction(() => {
    for (const c of changes) s.clear.run(zoneId, c.name, c.type, c.version);
  })();
}
