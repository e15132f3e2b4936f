// The `users` table: login e-mail addresses and the tenant each belongs to.
import type { Database } from 'better-sqlite3';

export interface UserRow {
  /** Lower-cased address. */
  readonly email: string;
  readonly tenantId: string;
  readonly createdAt: string;
}

interface RawUser {
  email: string;
  tenant_id: string;
  created_at: string;
}

/** The user with this (lower-cased) address, or undefined. */
export function findUser(db: Database, email: string): UserRow | undefined {
  const r = db.prepare<[string], RawUser>('SELECT * FROM users WHERE email = ?').get(email);
  return r === undefined ? undefined : { email: r.email, tenantId: r.tenant_id, createdAt: r.created_at };
}

/** Inserts a user; the tenant must exist (foreign key). */
export function insertUser(db: Database, user: UserRow): void {
  db.prepare('INSERT INTO users (email, tenant_id, created_at) VALUES (?, ?, ?)').run(user.email, user.tenantId, user.createdAt);
}
