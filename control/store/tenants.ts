// The `tenants` table: one row per account (the owner of zones and tokens).
import type { Database } from 'better-sqlite3';

export interface TenantRow {
  readonly id: string;
  readonly createdAt: string;
}

/** Inserts a tenant. Throws SQLite's constraint error on a duplicate id. */
export function insertTenant(db: Database, tenant: TenantRow): void {
  db.prepare('INSERT INTO tenants (id, created_at) VALUES (?, ?)').run(tenant.id, tenant.createdAt);
}

/** The tenant with this id, or undefined. */
export function findTenant(db: Database, id: string): TenantRow | undefined {
  const r = db.prepare<[string], { id: string; created_at: string }>('SELECT id, created_at FROM tenants WHERE id = ?').get(id);
  return r === undefined ? undefined : { id: r.id, createdAt: r.created_at };
}
