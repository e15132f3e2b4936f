// The `operators` and `invitations` tables: who runs this DNSCove, and who may sign up by invitation (an operator's, or a team's).
import type { Database } from 'better-sqlite3';
import type { Role } from './users.js';

/** Whether `email` (lower-cased) is an operator. */
export function isOperator(db: Database, email: string): boolean {
  return db.prepare<[string], { n: number }>('SELECT 1 AS n FROM operators WHERE email = ?').get(email) !== undefined;
}

/** Makes `email` an operator; true when it was not one yet. */
export function addOperator(db: Database, email: string, createdAt: string): boolean {
  return db.prepare('INSERT INTO operators (email, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(email, createdAt).changes > 0;
}

/** Whether an operator invited `email` to sign up. */
export function isInvited(db: Database, email: string): boolean {
  return db.prepare<[string], { n: number }>('SELECT 1 AS n FROM invitations WHERE email = ?').get(email) !== undefined;
}

/** Records an invitation (idempotent: the first inviter is kept). */
export function addInvitation(db: Database, email: string, invitedBy: string, createdAt: string): void {
  db.prepare('INSERT INTO invitations (email, invited_by, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(email, invitedBy, createdAt);
}

/** Every operator, by address. */
export function listOperators(db: Database): { email: string; createdAt: string }[] {
  return db
    .prepare<[], { email: string; created_at: string }>('SELECT email, created_at FROM operators ORDER BY email')
    .all()
    .map((r) => ({ email: r.email, createdAt: r.created_at }));
}

/** An account's invitation of `email` to join it with `role`, if one is open. */
export function findTeamInvitation(db: Database, email: string): { tenantId: string; role: Role; invitedBy: string; createdAt: string } | undefined {
  const r = db
    .prepare<[string], { tenant_id: string; role: string; invited_by: string; created_at: string }>('SELECT tenant_id, role, invited_by, created_at FROM invitations WHERE email = ? AND tenant_id IS NOT NULL')
    .get(email);
  if (r === undefined) return undefined;
  const role: Role = r.role === 'owner' || r.role === 'admin' ? r.role : 'viewer';
  return { tenantId: r.tenant_id, role, invitedBy: r.invited_by, createdAt: r.created_at };
}

/** Invites `email` into an account with `role` (replacing an open invitation of it). */
export function addTeamInvitation(db: Database, email: string, tenantId: string, role: Role, invitedBy: string, createdAt: string): void {
  db.prepare(
    `INSERT INTO invitations (email, invited_by, created_at, tenant_id, role) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (email) DO UPDATE SET invited_by = excluded.invited_by, created_at = excluded.created_at, tenant_id = excluded.tenant_id, role = excluded.role`,
  ).run(email, invitedBy, createdAt, tenantId, role);
}

/** An account's open invitations, by address. */
export function listTeamInvitations(db: Database, tenantId: string): { email: string; role: Role; createdAt: string }[] {
  return db
    .prepare<[string], { email: string; role: string; created_at: string }>('SELECT email, role, created_at FROM invitations WHERE tenant_id = ? ORDER BY email')
    .all(tenantId)
    .map((r) => ({ email: r.email, role: r.role === 'owner' || r.role === 'admin' ? r.role : 'viewer', createdAt: r.created_at }));
}

/** Ends an invitation (used at the first login, or withdrawn). */
export function deleteInvitation(db: Database, email: string): void {
  db.prepare('DELETE FROM invitations WHERE email = ?').run(email);
}

/** Whether one of the account's members is an operator of this DNSCove. */
export function isOperatorAccount(db: Database, tenantId: string): boolean {
  return db.prepare<[string], { n: number }>('SELECT 1 AS n FROM users JOIN operators ON operators.email = users.email WHERE users.tenant_id = ?').get(tenantId) !== undefined;
}
