// The `tsig_keys` table: TSIG keys per tenant, each for transfers, a zone's administration or its ACME challenges.
import type { Database } from 'better-sqlite3';
import type { TsigAlgorithm } from '../../shared/dns/tsig.js';
import type { Name } from '../../shared/dns/name.js';

export const TSIG_SCOPES = ['transfer', 'zone-admin', 'acme-dns01'] as const;
export type TsigScope = (typeof TSIG_SCOPES)[number];

export interface TsigKeyRow {
  readonly id: string;
  readonly tenantId: string;
  readonly name: Name;
  readonly algorithm: TsigAlgorithm;
  readonly scope: TsigScope;
  /** The one zone it is for; null for a tenant-wide transfer key. */
  readonly zoneId: string | null;
  /** Base64, as handed out. */
  readonly secret: string;
  readonly createdAt: string;
}

interface RawTsigKey {
  id: string;
  tenant_id: string;
  name: string;
  algorithm: string;
  scope: string;
  zone_id: string | null;
  secret: string;
  created_at: string;
}

// The table only ever holds what insertTsigKey wrote, so its text is trusted to be these types.
const toRow = (r: RawTsigKey): TsigKeyRow => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name as Name,
  algorithm: r.algorithm as TsigAlgorithm,
  scope: r.scope as TsigScope,
  zoneId: r.zone_id,
  secret: r.secret,
  createdAt: r.created_at,
});

/** Inserts a key; false when its name is taken (key names are one namespace: the server finds a key by the name in the message). */
export function insertTsigKey(db: Database, row: TsigKeyRow): boolean {
  const result = db
    .prepare('INSERT OR IGNORE INTO tsig_keys (id, tenant_id, name, algorithm, scope, zone_id, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(row.id, row.tenantId, row.name, row.algorithm, row.scope, row.zoneId, row.secret, row.createdAt);
  return result.changes === 1;
}

export function findTsigKey(db: Database, id: string): TsigKeyRow | undefined {
  const r = db.prepare<[string], RawTsigKey>('SELECT * FROM tsig_keys WHERE id = ?').get(id);
  return r === undefined ? undefined : toRow(r);
}

export function findTsigKeyByName(db: Database, name: Name): TsigKeyRow | undefined {
  const r = db.prepare<[string], RawTsigKey>('SELECT * FROM tsig_keys WHERE name = ?').get(name);
  return r === undefined ? undefined : toRow(r);
}

/** The tenant's keys, oldest first. */
export function listTsigKeys(db: Database, tenantId: string): TsigKeyRow[] {
  return db.prepare<[string], RawTsigKey>('SELECT * FROM tsig_keys WHERE tenant_id = ? ORDER BY created_at, id').all(tenantId).map(toRow);
}

/** Every key of every tenant (what the edges verify transfers with). */
export function allTsigKeys(db: Database): TsigKeyRow[] {
  return db.prepare<[], RawTsigKey>('SELECT * FROM tsig_keys ORDER BY name').all().map(toRow);
}

export function deleteTsigKey(db: Database, id: string, tenantId: string): boolean {
  return db.prepare('DELETE FROM tsig_keys WHERE id = ? AND tenant_id = ?').run(id, tenantId).changes === 1;
}
