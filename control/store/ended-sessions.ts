// The `ended_sessions` table and users' session epochs: sessions signed out before they expire.
import type { Database } from 'better-sqlite3';

/** Ends one session until `expiresAt` (seconds since the epoch), when it would have expired anyway; forgets ones past theirs. */
export function endSession(db: Database, id: string, expiresAt: number, nowSeconds: number): void {
  db.prepare('DELETE FROM ended_sessions WHERE expires_at <= ?').run(nowSeconds);
  db.prepare('INSERT INTO ended_sessions (id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(id, expiresAt);
}

export function isSessionEnded(db: Database, id: string): boolean {
  return id !== '' && db.prepare<[string], { n: number }>('SELECT 1 AS n FROM ended_sessions WHERE id = ?').get(id) !== undefined;
}

/** Moves the user's epoch on: every session issued before ends. */
export function endAllSessions(db: Database, email: string): void {
  db.prepare('UPDATE users SET session_epoch = session_epoch + 1 WHERE email = ?').run(email);
}
