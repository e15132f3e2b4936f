// The `aliases` table: ALIAS records, each an owner name whose A and AAAA come from a target name.
import type { Database, Statement } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

export interface AliasRow {
  readonly zoneId: string;
  readonly name: Name;
  /** The ALIAS RRset's TTL: the most the resolved addresses are served with. */
  readonly ttl: number;
  readonly target: Name;
  /** When the target is next resolved (ms since the epoch); 0 = as soon as possible. */
  readonly refreshAt: number;
}

interface RawAlias {
  zone_id: string;
  name: string;
  ttl: number;
  target: string;
  refresh_at: number;
}

interface AliasStatements {
  one: Statement<[string, string], RawAlias>;
  byZone: Statement<[string], RawAlias>;
  due: Statement<[number, number], RawAlias>;
  upsert: Statement<[RawAlias]>;
  remove: Statement<[string, string]>;
  refresh: Statement<[number, string, string]>;
}

const cache = new WeakMap<Database, AliasStatements>();

function statements(db: Database): AliasStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      one: db.prepare<[string, string], RawAlias>('SELECT * FROM aliases WHERE zone_id = ? AND name = ?'),
      byZone: db.prepare<[string], RawAlias>('SELECT * FROM aliases WHERE zone_id = ? ORDER BY name'),
      due: db.prepare<[number, number], RawAlias>('SELECT * FROM aliases WHERE refresh_at <= ? ORDER BY refresh_at LIMIT ?'),
      upsert: db.prepare<[RawAlias]>(
        `INSERT INTO aliases (zone_id, name, ttl, target, refresh_at) VALUES (@zone_id, @name, @ttl, @target, @refresh_at)
         ON CONFLICT (zone_id, name) DO UPDATE SET ttl = excluded.ttl, target = excluded.target, refresh_at = excluded.refresh_at`,
      ),
      remove: db.prepare<[string, string]>('DELETE FROM aliases WHERE zone_id = ? AND name = ?'),
      refresh: db.prepare<[number, string, string]>('UPDATE aliases SET refresh_at = ? WHERE zone_id = ? AND name = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

const toRow = (r: RawAlias): AliasRow => ({ zoneId: r.zone_id, name: r.name as Name, ttl: r.ttl, target: r.target as Name, refreshAt: r.refresh_at });

export function findAlias(db: Database, zoneId: string, name: Name): AliasRow | undefined {
  const r = statements(db).one.get(zoneId, name);
  return r === undefined ? undefined : toRow(r);
}

/** A zone's aliases, by name. */
export function listAliases(db: Database, zoneId: string): AliasRow[] {
  return statements(db).byZone.all(zoneId).map(toRow);
}

/** Up to `limit` aliases of any zone whose refresh time has come, soonest first. */
export function dueAliases(db: Database, now: number, limit: number): AliasRow[] {
  return statements(db).due.all(now, limit).map(toRow);
}

export function upsertAlias(db: Database, alias: AliasRow): void {
  statements(db).upsert.run({ zone_id: alias.zoneId, name: alias.name, ttl: alias.ttl, target: alias.target, refresh_at: alias.refreshAt });
}

export function deleteAlias(db: Database, zoneId: string, name: Name): void {
  statements(db).remove.run(zoneId, name);
}

export function setAliasRefresh(db: Database, zoneId: string, name: Name, refreshAt: number): void {
  statements(db).refresh.run(refreshAt, zoneId, name);
}
