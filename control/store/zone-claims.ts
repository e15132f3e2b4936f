// The `zone_claims` table: an account's claim on an origin another account holds, and the token that proves it.
import type { Database } from 'better-sqlite3';
import type { Name } from '../../shared/dns/name.js';

export interface ZoneClaimRow {
  readonly id: string;
  readonly tenantId: string;
  readonly origin: Name;
  /** What the claimant publishes at _dnscove-claim.<origin> (TXT "dnscove-claim=<token>"). */
  readonly token: string;
  readonly createdAt: string;
  readonly claimedAt: string | null;
}

interface RawClaim {
  id: string;
  tenant_id: string;
  origin: string;
  token: string;
  created_at: string;
  claimed_at: string | null;
}

const toRow = (r: RawClaim): ZoneClaimRow => ({ id: r.id, tenantId: r.tenant_id, origin: r.origin as Name, token: r.token, createdAt: r.created_at, claimedAt: r.claimed_at });

export function findClaim(db: Database, id: string): ZoneClaimRow | undefined {
  const r = db.prepare<[string], RawClaim>('SELECT * FROM zone_claims WHERE id = ?').get(id);
  return r === undefined ? undefined : toRow(r);
}

/** The tenant's open claim on `origin`, if any. */
export function findOpenClaim(db: Database, tenantId: string, origin: Name): ZoneClaimRow | undefined {
  const r = db.prepare<[string, string], RawClaim>('SELECT * FROM zone_claims WHERE tenant_id = ? AND origin = ? AND claimed_at IS NULL').get(tenantId, origin);
  return r === undefined ? undefined : toRow(r);
}

export function insertClaim(db: Database, claim: ZoneClaimRow): void {
  db.prepare('INSERT INTO zone_claims (id, tenant_id, origin, token, created_at, claimed_at) VALUES (?, ?, ?, ?, ?, ?)').run(claim.id, claim.tenantId, claim.origin, claim.token, claim.createdAt, claim.claimedAt);
}

export function markClaimed(db: Database, id: string, at: string): void {
  db.prepare('UPDATE zone_claims SET claimed_at = ? WHERE id = ?').run(at, id);
}
