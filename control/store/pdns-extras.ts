// The tables of migration 22: a zone's PowerDNS kind and account, RRset comments, disabled records.
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

export interface PdnsZoneSettings {
  readonly kind: string;
  readonly account: string;
}

/** One RRset comment as PowerDNS keeps it. */
export interface RRsetComment {
  readonly content: string;
  readonly account: string;
  readonly modifiedAt: number;
}

/** Records of an RRset stored but not served (canonical presentation text). */
export interface DisabledRecords {
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly records: readonly string[];
}

export function findPdnsSettings(db: Database, zoneId: string): PdnsZoneSettings | undefined {
  return db.prepare<[string], PdnsZoneSettings>('SELECT kind, account FROM pdns_zone_settings WHERE zone_id = ?').get(zoneId);
}

export function putPdnsSettings(db: Database, zoneId: string, settings: PdnsZoneSettings): void {
  db.prepare('INSERT INTO pdns_zone_settings (zone_id, kind, account) VALUES (?, ?, ?) ON CONFLICT (zone_id) DO UPDATE SET kind = excluded.kind, account = excluded.account').run(
    zoneId,
    settings.kind,
    settings.account,
  );
}

/** Every commented RRset of the zone, by "name type". */
export function listComments(db: Database, zoneId: string): Map<string, RRsetComment[]> {
  const rows = db.prepare<[string], { name: string; type: number; comments: string }>('SELECT name, type, comments FROM rrset_comments WHERE zone_id = ?').all(zoneId);
  return new Map(rows.map((r) => [`${r.name} ${r.type}`, JSON.parse(r.comments) as RRsetComment[]]));
}

/** The (name, type) of each commented RRset in `comments` (as listComments keys them). */
export function listCommentedRRsets(comments: ReadonlyMap<string, readonly RRsetComment[]>): { name: Name; type: number }[] {
  return [...comments.keys()].map((key) => {
    const [name, type] = key.split(' ') as [string, string];
    return { name: name as Name, type: Number(type) };
  });
}

/** Replaces the RRset's comments; an empty list removes them. */
export function putComments(db: Database, zoneId: string, name: Name, type: number, comments: readonly RRsetComment[]): void {
  if (comments.length === 0) {
    db.prepare('DELETE FROM rrset_comments WHERE zone_id = ? AND name = ? AND type = ?').run(zoneId, name, type);
    return;
  }
  db.prepare('INSERT INTO rrset_comments (zone_id, name, type, comments) VALUES (?, ?, ?, ?) ON CONFLICT (zone_id, name, type) DO UPDATE SET comments = excluded.comments').run(
    zoneId,
    name,
    type,
    JSON.stringify(comments),
  );
}

export function listDisabled(db: Database, zoneId: string): DisabledRecords[] {
  return db
    .prepare<[string], { name: string; type: number; ttl: number; records: string }>('SELECT name, type, ttl, records FROM disabled_records WHERE zone_id = ?')
    .all(zoneId)
    .map((r) => ({ name: r.name as Name, type: r.type, ttl: r.ttl, records: JSON.parse(r.records) as string[] }));
}

export function findDisabled(db: Database, zoneId: string, name: Name, type: number): DisabledRecords | undefined {
  const row = db.prepare<[string, string, number], { ttl: number; records: string }>('SELECT ttl, records FROM disabled_records WHERE zone_id = ? AND name = ? AND type = ?').get(zoneId, name, type);
  return row === undefined ? undefined : { name, type, ttl: row.ttl, records: JSON.parse(row.records) as string[] };
}

/** Replaces the RRset's disabled records; an empty list removes them. */
export function putDisabled(db: Database, zoneId: string, set: DisabledRecords): void {
  if (set.records.length === 0) {
    db.prepare('DELETE FROM disabled_records WHERE zone_id = ? AND name = ? AND type = ?').run(zoneId, set.name, set.type);
    return;
  }
  db.prepare('INSERT INTO disabled_records (zone_id, name, type, ttl, records) VALUES (?, ?, ?, ?, ?) ON CONFLICT (zone_id, name, type) DO UPDATE SET ttl = excluded.ttl, records = excluded.records').run(
    zoneId,
    set.name,
    set.type,
    set.ttl,
    JSON.stringify(set.records),
  );
}
