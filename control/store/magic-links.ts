// The `magic_links` table: hashed single-use login links (times in ms since the epoch).
import type { Database } from 'better-sqlite3';

export interface MagicLinkRow {
  /** Hex SHA-256 of the token; the token itself is never stored. */
  readonly tokenHash: string;
  readonly email: string;
  readonly ip: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

interface RawLink {
  token_hash: string;
  email: string;
  ip: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

function toRow(r: RawLink): MagicLinkRow {
  return { tokenHash: r.token_hash, email: r.email, ip: r.ip, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at };
}

/** Stores a new, unused link. */
export function insertMagicLink(db: Database, link: Omit<MagicLinkRow, 'usedAt'>): void {
  db.prepare('INSERT INTO magic_links (token_hash, email, ip, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    link.tokenHash,
    link.email,
    link.ip,
    link.createdAt,
    link.expiresAt,
  );
}

/**
 * Marks the link used and returns it, in one statement: `UPDATE … WHERE used_at IS NULL AND
 * expires_at > now RETURNING`, so of two concurrent exchanges exactly one gets the row.
 * Undefined when the link is unknown, already used or expired.
 */
export function consumeMagicLink(db: Database, tokenHash: string, nowMs: number): MagicLinkRow | undefined {
  const r = db
    .prepare<[number, string, number], RawLink>(
      'UPDATE magic_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING *',
    )
    .get(nowMs, tokenHash, nowMs);
  return r === undefined ? undefined : toRow(r);
}

/** Creation times (ascending) of links for `email` created at or after `sinceMs`: the rate-limit window. */
export function linkTimesForEmail(db: Database, email: string, sinceMs: number): number[] {
  return db
    .prepare<[string, number], { created_at: number }>('SELECT created_at FROM magic_links WHERE email = ? AND created_at >= ? ORDER BY created_at')
    .all(email, sinceMs)
    .map((r) => r.created_at);
}

/** Creation times (ascending) of links requested from `ip` at or after `sinceMs`. */
/** Creation times (ms) of links for this address asked from this client address since `sinceMs`, oldest first. */
export function linkTimesForEmailAndIp(db: Database, email: string, ip: string, sinceMs: number): number[] {
  return db
    .prepare<[string, string, number], { created_at: number }>('SELECT created_at FROM magic_links WHERE email = ? AND ip = ? AND created_at >= ? ORDER BY created_at')
    .all(email, ip, sinceMs)
    .map((r) => r.created_at);
}

export function linkTimesForIp(db: Database, ip: string, sinceMs: number): number[] {
  return db
    .prepare<[string, number], { created_at: number }>('SELECT created_at FROM magic_links WHERE ip = ? AND created_at >= ? ORDER BY created_at')
    .all(ip, sinceMs)
    .map((r) => r.created_at);
}

/** Deletes links that expired before `beforeMs` (housekeeping; they can never be used). */
export function deleteExpiredMagicLinks(db: Database, beforeMs: number): number {
  return db.prepare('DELETE FROM magic_links WHERE expires_at < ?').run(beforeMs).changes;
}
