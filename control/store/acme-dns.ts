// The acme-dns tables: registrations (credentials hashed) and the TXT values each one serves until they expire.
import type { Database, Statement } from 'better-sqlite3';

/** One acme-dns registration: `_acme-challenge.<domain>` CNAMEs point at `<subdomain>.<acme-dns zone>`. */
export interface AcmeDnsRegistrationRow {
  /** A UUID, sent by clients as X-Api-User. */
  readonly username: string;
  readonly tenantId: string;
  /** A UUID: the label below the acme-dns zone. */
  readonly subdomain: string;
  /** Hex SHA-256 of the password (X-Api-Key). */
  readonly passwordHash: string;
  /** CIDR ranges /update may come from; empty: anywhere. */
  readonly allowfrom: readonly string[];
  readonly createdAt: string;
}

/** A value a registration serves, until `expiresAt` (ms since the epoch). */
export interface AcmeDnsValueRow {
  readonly username: string;
  readonly txt: string;
  readonly expiresAt: number;
}

interface RawRegistration {
  username: string;
  tenant_id: string;
  subdomain: string;
  password_hash: string;
  allowfrom: string;
  created_at: string;
}

interface RawValue {
  username: string;
  txt: string;
  expires_at: number;
}

interface Statements {
  byUsername: Statement<[string], RawRegistration>;
  byTenant: Statement<[string], RawRegistration>;
  insert: Statement<[RawRegistration]>;
  remove: Statement<[string]>;
  values: Statement<[string], RawValue>;
  putValue: Statement<[RawValue]>;
  removeValue: Statement<[string, string]>;
  expired: Statement<[number], RawValue>;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      byUsername: db.prepare('SELECT * FROM acme_dns_registrations WHERE username = ?'),
      byTenant: db.prepare('SELECT * FROM acme_dns_registrations WHERE tenant_id = ? ORDER BY created_at, username'),
      insert: db.prepare(
        `INSERT INTO acme_dns_registrations (username, tenant_id, subdomain, password_hash, allowfrom, created_at)
         VALUES (@username, @tenant_id, @subdomain, @password_hash, @allowfrom, @created_at)`,
      ),
      remove: db.prepare('DELETE FROM acme_dns_registrations WHERE username = ?'),
      values: db.prepare('SELECT * FROM acme_dns_values WHERE username = ? ORDER BY expires_at, txt'),
      putValue: db.prepare(
        `INSERT INTO acme_dns_values (username, txt, expires_at) VALUES (@username, @txt, @expires_at)
         ON CONFLICT (username, txt) DO UPDATE SET expires_at = excluded.expires_at`,
      ),
      removeValue: db.prepare('DELETE FROM acme_dns_values WHERE username = ? AND txt = ?'),
      expired: db.prepare('SELECT * FROM acme_dns_values WHERE expires_at <= ? ORDER BY expires_at'),
    };
    cache.set(db, s);
  }
  return s;
}

function toRegistration(r: RawRegistration): AcmeDnsRegistrationRow {
  const allowfrom: unknown = JSON.parse(r.allowfrom);
  if (!Array.isArray(allowfrom) || !allowfrom.every((v): v is string => typeof v === 'string')) {
    throw new Error(`acme-dns: registration ${r.username} has a malformed allowfrom`);
  }
  return { username: r.username, tenantId: r.tenant_id, subdomain: r.subdomain, passwordHash: r.password_hash, allowfrom, createdAt: r.created_at };
}

const toValue = (r: RawValue): AcmeDnsValueRow => ({ username: r.username, txt: r.txt, expiresAt: r.expires_at });

/** The registration with this username, or undefined. */
export function findAcmeDnsRegistration(db: Database, username: string): AcmeDnsRegistrationRow | undefined {
  const r = statements(db).byUsername.get(username);
  return r === undefined ? undefined : toRegistration(r);
}

/** A tenant's registrations, oldest first. */
export function listAcmeDnsRegistrations(db: Database, tenantId: string): AcmeDnsRegistrationRow[] {
  return statements(db).byTenant.all(tenantId).map(toRegistration);
}

/** Stores a new registration; a duplicate username or subdomain throws SQLite's constraint error. */
export function insertAcmeDnsRegistration(db: Database, r: AcmeDnsRegistrationRow): void {
  statements(db).insert.run({
    username: r.username,
    tenant_id: r.tenantId,
    subdomain: r.subdomain,
    password_hash: r.passwordHash,
    allowfrom: JSON.stringify(r.allowfrom),
    created_at: r.createdAt,
  });
}

/** Deletes a registration and (ON DELETE CASCADE) its values; true when one existed. */
export function deleteAcmeDnsRegistration(db: Database, username: string): boolean {
  return statements(db).remove.run(username).changes > 0;
}

/** The values a registration serves, soonest expiry first. */
export function listAcmeDnsValues(db: Database, username: string): AcmeDnsValueRow[] {
  return statements(db).values.all(username).map(toValue);
}

/** Adds a value, or moves its expiry when it is already there. */
export function putAcmeDnsValue(db: Database, v: AcmeDnsValueRow): void {
  statements(db).putValue.run({ username: v.username, txt: v.txt, expires_at: v.expiresAt });
}

/** Removes one value; true when it existed. */
export function deleteAcmeDnsValue(db: Database, username: string, txt: string): boolean {
  return statements(db).removeValue.run(username, txt).changes > 0;
}

/** Every value whose expiry is at or before `now` (ms since the epoch). */
export function listExpiredAcmeDnsValues(db: Database, now: number): AcmeDnsValueRow[] {
  return statements(db).expired.all(now).map(toValue);
}
