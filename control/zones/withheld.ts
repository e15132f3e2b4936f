// Which zones the nameservers must not serve although they exist: a suspended account's, and one left unproved too long.
import type { Database } from 'better-sqlite3';
import { isSuspended, SYSTEM_TENANT } from '../store/tenants.js';
import type { ZoneRow } from '../store/zones.js';

export type WithheldReason = 'account suspended' | 'not delegated in time';

const DAY_MS = 86_400_000;

/**
 * Why `zone` is not served, or null when it is: its account is suspended, or it has been
 * PENDING_VERIFICATION (never delegated to us) for more than `pendingDays` days (0: no limit),
 * so a name nobody delegated is not answered for in someone else's account forever. A pending
 * zone is served again once the delegation check finds it delegated (ACTIVE). DNSCove's own
 * zones (the acme-dns zone) are the operator's and always served.
 */
export function withheldReason(db: Database, zone: ZoneRow, pendingDays: number, now: Date): WithheldReason | null {
  if (zone.tenantId === SYSTEM_TENANT) return null;
  if (isSuspended(db, zone.tenantId)) return 'account suspended';
  if (pendingDays > 0 && zone.status === 'PENDING_VERIFICATION' && now.getTime() - Date.parse(zone.createdAt) > pendingDays * DAY_MS) return 'not delegated in time';
  return null;
}
