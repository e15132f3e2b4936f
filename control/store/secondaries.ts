// The `secondaries` table: standard secondaries (NSD, Knot, BIND, a paid service) a tenant
// configured for one zone or for all its zones.
import type { Database } from 'better-sqlite3';

export interface SecondaryRow {
  readonly id: string;
  readonly tenantId: string;
  /** The one zone it carries; null for every zone of the tenant. */
  readonly zoneId: string | null;
  /** IPv4 or IPv6 address text. */
  readonly host: string;
  readonly port: number;
  /** The TSIG key NOTIFY is signed with and the secondary transfers with. */
  readonly tsigKeyId: string;
  readonly createdAt: string;
}

interface RawSecondary {
  id: string;
  tenant_id: string;
  zone_id: string | null;
  host: string;
  port: number;
  tsig_key_id: string;
  created_at: string;
}

const toRow = (r: RawSecondary): SecondaryRow => ({ id: r.id, tenantId: r.tenant_id, zoneId: r.zone_id, host: r.host, port: r.port, tsigKeyId: r.tsig_key_id, createdAt: r.created_at });

/** Inserts a secondary; false when the same address and port is already configured for the same zone (or tenant-wide). */
export function insertSecondary(db: Database, row: SecondaryRow): boolean {
  const exists = db
    .prepare<[string, string | null, string, number], { id: string }>('SELECT id FROM secondaries WHERE tenant_id = ? AND zone_id IS ? AND host = ? AND port = ?')
    .get(row.tenantId, row.zoneId, row.host, row.port);
  if (exists !== undefined) return false;
  db.prepare('INSERT INTO secondaries (id, tenant_id, zone_id, host, port, tsig_key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    row.id,
    row.tenantId,
    row.zoneId,
    row.host,
    row.port,
    row.tsigKeyId,
    row.createdAt,
  );
  return true;
}

export function findSecondary(db: Database, id: string): SecondaryRow | undefined {
  const r = db.prepare<[string], RawSecondary>('SELECT * FROM secondaries WHERE id = ?').get(id);
  return r === undefined ? undefined : toRow(r);
}

/** The secondaries of one zone: its own, then the tenant's for every zone; oldest first. */
export function secondariesOfZone(db: Database, tenantId: string, zoneId: string): SecondaryRow[] {
  return db
    .prepare<[string, string], RawSecondary>('SELECT * FROM secondaries WHERE tenant_id = ? AND (zone_id = ? OR zone_id IS NULL) ORDER BY zone_id IS NULL, created_at, id')
    .all(tenantId, zoneId)
    .map(toRow);
}

/** The tenant's secondaries for every zone, oldest first. */
export function tenantWideSecondaries(db: Database, tenantId: string): SecondaryRow[] {
  return db.prepare<[string], RawSecondary>('SELECT * FROM secondaries WHERE tenant_id = ? AND zone_id IS NULL ORDER BY created_at, id').all(tenantId).map(toRow);
}

/** Tenants with a secondary of any zone. */
export function tenantsWithSecondaries(db: Database): Set<string> {
  return new Set(db.prepare<[], { tenant_id: string }>('SELECT DISTINCT tenant_id FROM secondaries').all().map((r) => r.tenant_id));
}

/** Whether any secondary uses the key. */
export function keyHasSecondaries(db: Database, tsigKeyId: string): boolean {
  return db.prepare<[string], { id: string }>('SELECT id FROM secondaries WHERE tsig_key_id = ? LIMIT 1').get(tsigKeyId) !== undefined;
}

export function deleteSecondary(db: Database, id: string): boolean {
  return db.prepare('DELETE FROM secondaries WHERE id = ?').run(id).changes === 1;
}
