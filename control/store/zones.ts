// The `zones` table: one row per hosted zone, with its change serial and last published serial.
import type { Database, Statement } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

/** Whether the parent delegates the zone to us yet (the delegation check moves it to ACTIVE). */
export type ZoneStatus = 'PENDING_VERIFICATION' | 'ACTIVE';

function zoneStatus(text: string): ZoneStatus {
  if (text === 'PENDING_VERIFICATION' || text === 'ACTIVE') return text;
  throw new Error(`zones: unknown status ${JSON.stringify(text)} in the database`);
}

/** A zone as stored. `serial` counts committed changes; `publishedSerial` the last one written out. */
export interface ZoneRow {
  readonly id: string;
  readonly tenantId: string;
  readonly origin: Name;
  readonly status: ZoneStatus;
  readonly serial: number;
  readonly publishedSerial: number;
  readonly autoPublish: boolean;
  /** The zone's own nameserver set (`ns` on create or PATCH); null follows DNSCOVE_NS. */
  readonly nameservers: readonly Name[] | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface RawZone {
  id: string;
  tenant_id: string;
  origin: string;
  status: string;
  serial: number;
  published_serial: number;
  auto_publish: number;
  /** JSON array of absolute names, or NULL. */
  ns: string | null;
  created_at: string;
  updated_at: string;
}

interface ZoneStatements {
  byId: Statement<[string], RawZone>;
  byOrigin: Statement<[string], RawZone>;
  byTenant: Statement<[string], RawZone>;
  all: Statement<[], RawZone>;
  insert: Statement<[RawZone]>;
  remove: Statement<[string]>;
  bump: Statement<[number, string, string], { serial: number }>;
  published: Statement<[number, string, number]>;
  autoPublish: Statement<[number, string, string]>;
  nameservers: Statement<[string | null, string, string]>;
}

const cache = new WeakMap<Database, ZoneStatements>();

// Statements are prepared once per connection: preparing is the expensive part of a query.
function statements(db: Database): ZoneStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      byId: db.prepare<[string], RawZone>('SELECT * FROM zones WHERE id = ?'),
      byOrigin: db.prepare<[string], RawZone>('SELECT * FROM zones WHERE origin = ?'),
      byTenant: db.prepare<[string], RawZone>('SELECT * FROM zones WHERE tenant_id = ? ORDER BY origin'),
      all: db.prepare<[], RawZone>('SELECT * FROM zones ORDER BY origin'),
      insert: db.prepare<[RawZone]>(
        `INSERT INTO zones (id, tenant_id, origin, status, serial, published_serial, auto_publish, ns, created_at, updated_at)
         VALUES (@id, @tenant_id, @origin, @status, @serial, @published_serial, @auto_publish, @ns, @created_at, @updated_at)`,
      ),
      remove: db.prepare<[string]>('DELETE FROM zones WHERE id = ?'),
      bump: db.prepare<[number, string, string], { serial: number }>(
        'UPDATE zones SET serial = max(serial + 1, ?), updated_at = ? WHERE id = ? RETURNING serial',
      ),
      published: db.prepare<[number, string, number]>(
        'UPDATE zones SET published_serial = ? WHERE id = ? AND published_serial < ?',
      ),
      autoPublish: db.prepare<[number, string, string]>('UPDATE zones SET auto_publish = ?, updated_at = ? WHERE id = ?'),
      nameservers: db.prepare<[string | null, string, string]>('UPDATE zones SET ns = ?, updated_at = ? WHERE id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

function toRow(r: RawZone): ZoneRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    origin: r.origin as Name,
    status: zoneStatus(r.status),
    serial: r.serial,
    publishedSerial: r.published_serial,
    autoPublish: r.auto_publish !== 0,
    nameservers: r.ns === null ? null : (JSON.parse(r.ns) as Name[]),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The zone with this id, whatever its tenant (callers check ownership), or undefined. */
export function findZone(db: Database, zoneId: string): ZoneRow | undefined {
  const r = statements(db).byId.get(zoneId);
  return r === undefined ? undefined : toRow(r);
}

/** The zone with this canonical origin (origins are unique across tenants), or undefined. */
export function findZoneByOrigin(db: Database, origin: Name): ZoneRow | undefined {
  const r = statements(db).byOrigin.get(origin);
  return r === undefined ? undefined : toRow(r);
}

/** A tenant's zones, ordered by origin text. */
export function listZones(db: Database, tenantId: string): ZoneRow[] {
  return statements(db).byTenant.all(tenantId).map(toRow);
}

/** Every zone of every tenant (startup reconciliation of the snapshot directory). */
export function listAllZones(db: Database): ZoneRow[] {
  return statements(db).all.all().map(toRow);
}

/** Inserts a zone; a duplicate origin throws SQLite's UNIQUE constraint error. */
export function insertZone(db: Database, zone: ZoneRow): void {
  statements(db).insert.run({
    id: zone.id,
    tenant_id: zone.tenantId,
    origin: zone.origin,
    status: zone.status,
    serial: zone.serial,
    published_serial: zone.publishedSerial,
    auto_publish: zone.autoPublish ? 1 : 0,
    ns: zone.nameservers === null ? null : JSON.stringify(zone.nameservers),
    created_at: zone.createdAt,
    updated_at: zone.updatedAt,
  });
}

/** Deletes a zone and (by ON DELETE CASCADE) its RRsets. True when a row was deleted. */
export function deleteZone(db: Database, zoneId: string): boolean {
  return statements(db).remove.run(zoneId).changes > 0;
}

/**
 * Adds one to the zone's serial, or sets it to `atLeast` when that is higher (an imported zone
 * file's own serial), and returns the new value; run it in the change's transaction.
 */
export function bumpSerial(db: Database, zoneId: string, updatedAt: string, atLeast = 0): number {
  const r = statements(db).bump.get(atLeast, updatedAt, zoneId);
  if (r === undefined) throw new Error(`zones: no zone ${zoneId}`);
  return r.serial;
}

/**
 * Records that `serial` is now served. Never moves published_serial backwards, so a slow
 * publish finishing after a newer one cannot undo it.
 */
export function setPublishedSerial(db: Database, zoneId: string, serial: number): void {
  statements(db).published.run(serial, zoneId, serial);
}

/** Turns auto-publish on or off. */
export function setAutoPublish(db: Database, zoneId: string, autoPublish: boolean, updatedAt: string): void {
  statements(db).autoPublish.run(autoPublish ? 1 : 0, updatedAt, zoneId);
}

/** Gives the zone its own nameserver set, or (null) puts it back on DNSCOVE_NS. */
export function setZoneNameservers(db: Database, zoneId: string, nameservers: readonly Name[] | null, updatedAt: string): void {
  statements(db).nameservers.run(nameservers === null ? null : JSON.stringify(nameservers), updatedAt, zoneId);
}

/** Zones with nameservers of their own (others follow DNSCOVE_NS); `ownNameservers` false: the others. */
export function listZonesByNameserverSource(db: Database, ownNameservers: boolean): ZoneRow[] {
  return db
    .prepare<[], RawZone>(`SELECT * FROM zones WHERE ns IS ${ownNameservers ? 'NOT ' : ''}NULL`)
    .all()
    .map(toRow);
}
