// The `operators` and `invitations` tables: who runs this DNSCove, and who may sign up when signup is by invitation.
import type { Database } from 'better-sqlite3';

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
