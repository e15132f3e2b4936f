// The `rrsets` table: one row per (zone, owner name, type), values as canonical presentation text.
import type { Database, Statement } from 'better-sqlite3';
import { isSubdomain } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType } from '../../shared/dns/rr-type.js';

/** An RRset as stored: `records` are canonical presentation strings (formatRdata), no duplicates. */
export interface RRsetRow {
  readonly zoneId: string;
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly records: readonly string[];
}

interface RawRRset {
  zone_id: string;
  name: string;
  type: number;
  ttl: number;
  records: string;
}

interface RRsetStatements {
  byZone: Statement<[string], RawRRset>;
  ordered: Statement<[string, number], [string, number, number, string]>;
  atName: Statement<[string, string], RawRRset>;
  like: Statement<[string, string], RawRRset>;
  one: Statement<[string, string, number], RawRRset>;
  upsert: Statement<[RawRRset]>;
  remove: Statement<[string, string, number]>;
}

const cache = new WeakMap<Database, RRsetStatements>();

function statements(db: Database): RRsetStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      byZone: db.prepare<[string], RawRRset>('SELECT * FROM rrsets WHERE zone_id = ?'),
      // The primary key's order: no sort, and the RRsets of one name come together, by type.
      // Rows as arrays, not objects: a snapshot rebuild reads a million of them.
      ordered: db.prepare<[string, number], [string, number, number, string]>('SELECT name, type, ttl, records FROM rrsets WHERE zone_id = ? ORDER BY name, type LIMIT ?').raw(),
      atName: db.prepare<[string, string], RawRRset>('SELECT * FROM rrsets WHERE zone_id = ? AND name = ?'),
      like: db.prepare<[string, string], RawRRset>("SELECT * FROM rrsets WHERE zone_id = ? AND name LIKE ? ESCAPE '\\'"),
      one: db.prepare<[string, string, number], RawRRset>('SELECT * FROM rrsets WHERE zone_id = ? AND name = ? AND type = ?'),
      upsert: db.prepare<[RawRRset]>(
        `INSERT INTO rrsets (zone_id, name, type, ttl, records) VALUES (@zone_id, @name, @type, @ttl, @records)
         ON CONFLICT (zone_id, name, type) DO UPDATE SET ttl = excluded.ttl, records = excluded.records`,
      ),
      remove: db.prepare<[string, string, number]>('DELETE FROM rrsets WHERE zone_id = ? AND name = ? AND type = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

function toRow(r: RawRRset): RRsetRow {
  const records: unknown = JSON.parse(r.records);
  if (!Array.isArray(records) || !records.every((v): v is string => typeof v === 'string')) {
    throw new Error(`rrsets: row ${r.zone_id} ${r.name} ${r.type} has malformed records`);
  }
  return { zoneId: r.zone_id, name: r.name as Name, type: r.type, ttl: r.ttl, records };
}

/** Every RRset of a zone, in no particular order (callers sort canonically). */
export function listRRsets(db: Database, zoneId: string): RRsetRow[] {
  return statements(db).byZone.all(zoneId).map(toRow);
}

/**
 * The zone's RRsets by name, then type (the primary key's order), at most `limit`; read one at
 * a time, so a million of them are never held at once. The statement keeps the connection
 * busy until the iteration ends.
 */
export function* iterateRRsets(db: Database, zoneId: string, limit = -1): Generator<RRsetRow> {
  for (const [name, type, ttl, records] of statements(db).ordered.iterate(zoneId, limit)) yield toRow({ zone_id: zoneId, name, type, ttl, records });
}

/** The RRsets at each of `names` (an index lookup per name). */
export function listRRsetsAtNames(db: Database, zoneId: string, names: Iterable<Name>): RRsetRow[] {
  const s = statements(db);
  const out: RRsetRow[] = [];
  for (const name of names) for (const r of s.atName.all(zoneId, name)) out.push(toRow(r));
  return out;
}

/** The RRsets strictly below `name` (SQLite filters the zone's rows; only matches are decoded). */
export function listRRsetsBelow(db: Database, zoneId: string, name: Name): RRsetRow[] {
  // LIKE is only a coarse filter ("_" and "%" are escaped, but an escaped "\." in a name
  // still matches a label dot), so isSubdomain decides.
  const pattern = '%.' + name.replace(/[\\%_]/g, (c) => '\\' + c);
  return statements(db)
    .like.all(zoneId, pattern)
    .map(toRow)
    .filter((row) => row.name !== name && isSubdomain(row.name, name));
}

/** The names below the apex `origin` holding NS: the zone's cuts. */
export function delegationNames(db: Database, zoneId: string, origin: Name): Set<Name> {
  const names = db.prepare<[string, number], { name: string }>('SELECT name FROM rrsets WHERE zone_id = ? AND type = ?').all(zoneId, RRType.NS);
  return new Set(names.map((r) => r.name as Name).filter((name) => name !== origin));
}

/** One RRset, or undefined when the zone has no data of that name and type. */
export function findRRset(db: Database, zoneId: string, name: Name, type: number): RRsetRow | undefined {
  const r = statements(db).one.get(zoneId, name, type);
  return r === undefined ? undefined : toRow(r);
}

/** Creates or replaces the RRset of (zone, name, type). */
export function upsertRRset(db: Database, row: RRsetRow): void {
  statements(db).upsert.run({
    zone_id: row.zoneId,
    name: row.name,
    type: row.type,
    ttl: row.ttl,
    records: JSON.stringify(row.records),
  });
}

/** Deletes the RRset of (zone, name, type); true when one existed. */
export function deleteRRset(db: Database, zoneId: string, name: Name, type: number): boolean {
  return statements(db).remove.run(zoneId, name, type).changes > 0;
}

/** The largest TTL among the zone's RRsets (0 for none): how long a resolver may hold any of its answers. */
export function largestTtl(db: Database, zoneId: string): number {
  return db.prepare<[string], { ttl: number | null }>('SELECT MAX(ttl) AS ttl FROM rrsets WHERE zone_id = ?').get(zoneId)?.ttl ?? 0;
}
