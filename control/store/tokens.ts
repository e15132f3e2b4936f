// The `tokens` table: machine tokens, stored as a SHA-256 hash of their secret.
import type { Database, Statement } from 'better-sqlite3';
import { SCOPES } from '../auth/principal.js';
import type { Scope } from '../auth/principal.js';

export interface TokenRow {
  /** 16 lower-case hex digits. */
  readonly id: string;
  readonly tenantId: string;
  readonly zoneId: string | null;
  readonly scope: Scope;
  readonly name: string;
  /** Hex SHA-256 of the full token text. */
  readonly secretHash: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

interface RawToken {
  id: string;
  tenant_id: string;
  zone_id: string | null;
  scope: string;
  name: string;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

interface TokenStatements {
  byId: Statement<[string], RawToken>;
  byTenant: Statement<[string], RawToken>;
  byZone: Statement<[string, string], RawToken>;
  insert: Statement<[RawToken]>;
  revoke: Statement<[string, string, string]>;
  used: Statement<[string, string]>;
  revokeZone: Statement<[string, string]>;
}

const cache = new WeakMap<Database, TokenStatements>();

function statements(db: Database): TokenStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      byId: db.prepare('SELECT * FROM tokens WHERE id = ?'),
      byTenant: db.prepare('SELECT * FROM tokens WHERE tenant_id = ? ORDER BY created_at, id'),
      byZone: db.prepare('SELECT * FROM tokens WHERE tenant_id = ? AND zone_id = ? ORDER BY created_at, id'),
      insert: db.prepare(
        `INSERT INTO tokens (id, tenant_id, zone_id, scope, name, secret_hash, created_at, expires_at, revoked_at, last_used_at)
         VALUES (@id, @tenant_id, @zone_id, @scope, @name, @secret_hash, @created_at, @expires_at, @revoked_at, @last_used_at)`,
      ),
      revoke: db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL'),
      used: db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?'),
      revokeZone: db.prepare('UPDATE tokens SET revoked_at = ? WHERE zone_id = ? AND revoked_at IS NULL'),
    };
    cache.set(db, s);
  }
  return s;
}

function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

function toRow(r: RawToken): TokenRow {
  if (!isScope(r.scope)) throw new Error(`tokens: token ${r.id} has unknown scope "${r.scope}"`);
  return {
    id: r.id,
    tenantId: r.tenant_id,
    zoneId: r.zone_id,
    scope: r.scope,
    name: r.name,
    secretHash: r.secret_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/** The token with this id (any tenant), or undefined. */
export function findToken(db: Database, id: string): TokenRow | undefined {
  const r = statements(db).byId.get(id);
  return r === undefined ? undefined : toRow(r);
}

/** A tenant's tokens, oldest first. */
export function listTokens(db: Database, tenantId: string): TokenRow[] {
  return statements(db).byTenant.all(tenantId).map(toRow);
}

/** The tokens of a tenant bound to one zone, oldest first. */
export function listZoneTokens(db: Database, tenantId: string, zoneId: string): TokenRow[] {
  return statements(db).byZone.all(tenantId, zoneId).map(toRow);
}

/** Stores a new token. */
export function insertToken(db: Database, t: TokenRow): void {
  statements(db).insert.run({
    id: t.id,
    tenant_id: t.tenantId,
    zone_id: t.zoneId,
    scope: t.scope,
    name: t.name,
    secret_hash: t.secretHash,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    revoked_at: t.revokedAt,
    last_used_at: t.lastUsedAt,
  });
}

/** Marks a tenant's token revoked; false when there is no such live token. Idempotent. */
export function revokeToken(db: Database, id: string, tenantId: string, at: string): boolean {
  return statements(db).revoke.run(at, id, tenantId).changes > 0;
}

/** Revokes every live token bound to the zone; returns how many. */
export function revokeZoneTokens(db: Database, zoneId: string, at: string): number {
  return statements(db).revokeZone.run(at, zoneId).changes;
}

/** Sets last_used_at. */
export function touchToken(db: Database, id: string, at: string): void {
  statements(db).used.run(at, id);
}
