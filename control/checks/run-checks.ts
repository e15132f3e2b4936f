// The checks as control-plane operations: run one for a zone, keep its result, move the status.
import { zoneDsRdata } from '../dnssec/zone-dnssec.js';
import { recordAudit } from '../audit/record-audit.js';
import { NotFoundError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { activateZone, findCheckResult, saveCheckResult } from '../store/checks.js';
import { listRRsets } from '../store/rrsets.js';
import { findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { zoneNameservers } from '../zones/zone-nameservers.js';
import type { ChecksConfig } from './checks-config.js';
import { checkDelegation } from './delegation-check.js';
import type { DelegationResult } from './delegation-check.js';
import { checkParity } from './parity-check.js';
import type { ParityResult } from './parity-check.js';

export interface DelegationReport {
  readonly delegation: DelegationResult;
  readonly status: string;
}

export interface ParityReport {
  readonly parity: ParityResult;
  readonly safe_to_delete: boolean;
  readonly status: string;
}

function currentZone(services: Services, zone: ZoneRow): ZoneRow {
  const now = findZone(services.db, zone.id);
  if (now === undefined) throw new NotFoundError(`Zone ${zone.id}`);
  return now;
}

function lastDelegated(services: Services, zoneId: string): boolean {
  const last = findCheckResult(services.db, zoneId, 'delegation')?.result;
  return typeof last === 'object' && last !== null && 'delegated' in last && last.delegated === true;
}

// API.md: the old provider's copy may go only when we are the delegation and it matched in full.
function safeToDelete(services: Services, zoneId: string, parity: ParityResult): boolean {
  return lastDelegated(services, zoneId) && parity.outcome === 'compared' && parity.matches && !parity.truncated;
}

/**
 * Runs the delegation check for the zone against our configured name servers, stores the
 * result (replacing the previous one) and, when every expected NS is found, moves the zone
 * from PENDING_VERIFICATION to ACTIVE with an audit entry ("zone.activate"), in one
 * transaction. An ACTIVE zone stays ACTIVE whatever later checks find. Network trouble is a
 * result, not an error; a zone deleted meanwhile gives NotFoundError.
 */
export async function runDelegationCheck(services: Services, zone: ZoneRow, actor: string, checks: ChecksConfig): Promise<DelegationReport> {
  const delegation = await checkDelegation({
    origin: zone.origin,
    expected: zoneNameservers(zone, services.config),
    resolver: checks.resolver,
    now: () => services.now(),
    expectedDs: zoneDsRdata(services, zone),
  });
  const { db } = services;
  const status = db.transaction(() => {
    currentZone(services, zone);
    saveCheckResult(db, zone.id, 'delegation', delegation, delegation.checked_at);
    if (delegation.delegated && activateZone(db, zone.id, delegation.checked_at)) {
      recordAudit(db, {
        tenantId: zone.tenantId,
        actor,
        action: 'zone.activate',
        target: zone.origin,
        before: { status: zone.status },
        after: { status: 'ACTIVE', found: delegation.found },
      });
    }
    return currentZone(services, zone).status;
  })();
  // A zone withheld for staying undelegated too long is served again from its activation.
  if (status === 'ACTIVE' && zone.status !== 'ACTIVE') services.publisher.schedule(zone.id);
  return { delegation, status };
}

/**
 * Runs the parity check of the zone's committed RRsets against its current authoritative
 * servers, stores the result and reports `safe_to_delete` (the last delegation check found
 * us delegated, and this check compared everything and matched). Read-only towards the zone.
 */
export async function runParityCheck(
  services: Services,
  zone: ZoneRow,
  checks: ChecksConfig,
  options: { readonly limit?: number | undefined; readonly compareTtl?: boolean | undefined } = {},
): Promise<ParityReport> {
  const parity = await checkParity({
    origin: zone.origin,
    rrsets: listRRsets(services.db, zone.id),
    resolver: checks.resolver,
    limit: options.limit ?? checks.parityLimit,
    compareTtl: options.compareTtl ?? false,
    ourNameservers: zoneNameservers(zone, services.config),
    now: () => services.now(),
  });
  const { db } = services;
  const status = db.transaction(() => {
    currentZone(services, zone);
    saveCheckResult(db, zone.id, 'parity', parity, parity.checked_at);
    return currentZone(services, zone).status;
  })();
  return { parity, safe_to_delete: safeToDelete(services, zone.id, parity), status };
}

/** The zone's last parity result with its mismatches; NotFoundError when none was run yet. */
export function lastParityReport(services: Services, zone: ZoneRow): ParityReport {
  const row = findCheckResult(services.db, zone.id, 'parity');
  if (row === undefined) throw new NotFoundError(`Parity result for zone ${zone.id}`);
  // Written by runParityCheck from a ParityResult: this table is ours, so the shape is known.
  const parity = row.result as ParityResult;
  return { parity, safe_to_delete: safeToDelete(services, zone.id, parity), status: currentZone(services, zone).status };
}
