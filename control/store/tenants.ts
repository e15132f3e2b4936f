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

