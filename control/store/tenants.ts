// The `tenants` table: one row per account (the owner of zones and tokens), and whether an operator suspended it.
import type { Database } from 'better-sqlite3';

/** The tenant id of zones DNSCove itself owns (the acme-dns zone); no login ever maps to it. */
export const SYSTEM_TENANT = 'system';

export interface TenantRow {
  readonly id: string;
  readonly createdAt: string;
  /** When an operator suspended the account; null while it is in good standing. */
  readonly suspendedAt: string | null;
}

interface RawTenant {
  id: string;
  created_at: string;
  suspended_at: string | null;
}

const toRow = (r: RawTenant): TenantRow => ({ id: r.id, createdAt: r.created_at, suspendedAt: r.suspended_at });

/** Inserts a tenant. Throws SQLite's constraint error on a duplicate id. */
export function insertTenant(db: Database, tenant: Omit<TenantRow, 'suspendedAt'>): void {
  db.prepare('INSERT INTO tenants (id, created_at) VALUES (?, ?)').run(tenant.id, tenant.createdAt);
}

export function findTenant(db: Database, id: string): TenantRow | undefined {
  const r = db.prepare<[string], RawTenant>('SELECT * FROM tenants WHERE id = ?').get(id);
  return r === undefined ? undefined : toRow(r);
}

/** Every account, oldest first. */
export function listTenants(db: Database): TenantRow[] {
  return db.prepare<[], RawTenant>('SELECT * FROM tenants ORDER BY created_at, id').all().map(toRow);
}

/** Suspends (a timestamp) or reinstates (null) an account; true when it existed. */
export function setSuspended(db: Database, id: string, at: string | null): boolean {
  return db.prepare('UPDATE tenants SET suspended_at = ? WHERE id = ?').run(at, id).changes > 0;
}

/** Whether the account is suspended (unknown accounts are not). */
export function isSuspended(db: Database, id: string): boolean {
  return db.prepare<[string], { s: string | null }>('SELECT suspended_at AS s FROM tenants WHERE id = ?').get(id)?.s != null;
}
