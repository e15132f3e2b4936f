// The `edge_keys` table: one key per remote edge, stored as a SHA-256 hash of its text.
import type { Database } from 'better-sqlite3';

export interface EdgeKeyRow {
  readonly name: string;
  /** Hex SHA-256 of the full key text. */
  readonly keyHash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

interface RawEdgeKey {
  name: string;
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
}

function toRow(r: RawEdgeKey): EdgeKeyRow {
  return { name: r.name, keyHash: r.key_hash, createdAt: r.created_at, revokedAt: r.revoked_at };
}

/** Stores a new key; throws (SQLITE_CONSTRAINT_PRIMARYKEY) when the name is taken. */
export function insertEdgeKey(db: Database, row: EdgeKeyRow): void {
  db.prepare('INSERT INTO edge_keys (name, key_hash, created_at, revoked_at) VALUES (?, ?, ?, ?)').run(row.name, row.keyHash, row.createdAt, row.revokedAt);
}

/** The key whose text hashes to `keyHash`, revoked or not. */
export function findEdgeKeyByHash(db: Database, keyHash: string): EdgeKeyRow | undefined {
  const r = db.prepare<[string], RawEdgeKey>('SELECT * FROM edge_keys WHERE key_hash = ?').get(keyHash);
  return r === undefined ? undefined : toRow(r);
}

/** Marks the key revoked at `at`; false when there is no such unrevoked key. */
export function revokeEdgeKey(db: Database, name: string, at: string): boolean {
  return db.prepare('UPDATE edge_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(at, name).changes === 1;
}

/** Every key, by name. */
export function listEdgeKeys(db: Database): EdgeKeyRow[] {
  return db.prepare<[], RawEdgeKey>('SELECT * FROM edge_keys ORDER BY name').all().map(toRow);
}

/** Whether edge `name`'s key is revoked (or gone). */
export function isEdgeKeyRevoked(db: Database, name: string): boolean {
  const r = db.prepare<[string], { revoked_at: string | null }>('SELECT revoked_at FROM edge_keys WHERE name = ?').get(name);
  return r === undefined || r.revoked_at !== null;
}
