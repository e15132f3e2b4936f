// The `users` table: login e-mail addresses, the account (tenant) each belongs to, and its role there.
import type { Database } from 'better-sqlite3';

/** What a member may do in its account: owners everything, admins all but managing owners, viewers read. */
export type Role = 'owner' | 'admin' | 'viewer';

export const ROLES: readonly Role[] = ['owner', 'admin', 'viewer'];

export interface UserRow {
  /** Lower-cased address. */
  readonly email: string;
  readonly tenantId: string;
  readonly role: Role;
  readonly createdAt: string;
  /** Sessions issued under another epoch are over (signing out everywhere moves it on). */
  readonly sessionEpoch: number;
}

interface RawUser {
  email: string;
  tenant_id: string;
  role: string;
  created_at: string;
  session_epoch: number;
}

function toRole(text: string): Role {
  if (text === 'owner' || text === 'admin' || text === 'viewer') return text;
  throw new Error(`users: unknown role ${JSON.stringify(text)} in the database`);
}

const toRow = (r: RawUser): UserRow => ({ email: r.email, tenantId: r.tenant_id, role: toRole(r.role), createdAt: r.created_at, sessionEpoch: r.session_epoch });

/** The user with this (lower-cased) address, or undefined. */
export function findUser(db: Database, email: string): UserRow | undefined {
  const r = db.prepare<[string], RawUser>('SELECT * FROM users WHERE email = ?').get(email);
  return r === undefined ? undefined : toRow(r);
}

/** An account's members, by address. */
export function listMembers(db: Database, tenantId: string): UserRow[] {
  return db.prepare<[string], RawUser>('SELECT * FROM users WHERE tenant_id = ? ORDER BY email').all(tenantId).map(toRow);
}

/** Inserts a user (its session epoch starts at 0); the tenant must exist (foreign key). */
export function insertUser(db: Database, user: Omit<UserRow, 'sessionEpoch'>): void {
  db.prepare('INSERT INTO users (email, tenant_id, role, created_at) VALUES (?, ?, ?, ?)').run(user.email, user.tenantId, user.role, user.createdAt);
}

export function setRole(db: Database, email: string, role: Role): void {
  db.prepare('UPDATE users SET role = ? WHERE email = ?').run(role, email);
}

export function deleteUser(db: Database, email: string): void {
  db.prepare('DELETE FROM users WHERE email = ?').run(email);
}
