// What an operator may do across accounts: see them, and suspend or reinstate one.
import { nameToApiText } from '../../shared/dns/name.js';
import type { TenantList, TenantState } from '../../shared/schemas/operator.js';
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/record-audit.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { isOperator } from '../store/operators.js';
import { findTenant, listTenants, setSuspended } from '../store/tenants.js';
import { listMembers } from '../store/users.js';
import { listZones } from '../store/zones.js';

/** Only an operator's own session passes (`dnscove operator add`, DNSCOVE_OPERATOR). */
export function requireOperator(services: Services, p: Principal): void {
  if (p.kind !== 'session' || !isOperator(services.db, p.email)) throw new ForbiddenError('Only an operator of this DNSCove may do this (dnscove operator add).');
}

/** Every account with its members and zones. */
export function tenantsView(services: Services): TenantList {
  const { db } = services;
  return {
    tenants: listTenants(db).map((t) => ({
      id: t.id,
      created_at: t.createdAt,
      suspended_at: t.suspendedAt,
      members: listMembers(db, t.id).map((u) => `${u.email} (${u.role})`),
      zones: listZones(db, t.id).map((z) => nameToApiText(z.origin)),
    })),
  };
}

/**
 * Suspends account `tenantId` once `confirm` is true: its sessions and tokens are refused from
 * their next request and its zones are withheld from the nameservers (they answer REFUSED);
 * nothing is deleted. Without `confirm` a ValidationError says what would stop. An operator
 * cannot suspend its own account. Audited in the account as "tenant.suspend".
 */
export async function suspendTenant(services: Services, p: Principal, tenantId: string, confirm: boolean): Promise<TenantState> {
  requireOperator(services, p);
  const { db } = services;
  if (findTenant(db, tenantId) === undefined) throw new NotFoundError(`Account ${tenantId}`);
  if (p.tenantId === tenantId) throw new ConflictError('An operator cannot suspend its own account.');
  const zones = listZones(db, tenantId);
  if (!confirm) {
    throw new ValidationError('confirm', confirm, `suspending ${tenantId} stops serving its ${zones.length} zone${zones.length === 1 ? '' : 's'}${zones.length === 0 ? '' : ` (${zones.slice(0, 5).map((z) => nameToApiText(z.origin)).join(', ')}${zones.length > 5 ? ', …' : ''})`} and refuses its sessions and tokens; send {"confirm": true}`);
  }
  const at = services.now().toISOString();
  db.transaction(() => {
    setSuspended(db, tenantId, at);
    recordAudit(db, { tenantId, actor: actorOf(p), action: 'tenant.suspend', target: tenantId, after: { suspended_at: at, zones: zones.length } });
  })();
  // Each publish of a suspended account's zone removes its files.
  await Promise.all(zones.map((z) => services.publisher.publishNow(z.id)));
  return { id: tenantId, suspended_at: at, zones: zones.length };
}

/** Ends a suspension: credentials work again and every zone is published again. Audited as "tenant.reinstate". */
export async function reinstateTenant(services: Services, p: Principal, tenantId: string): Promise<TenantState> {
  requireOperator(services, p);
  const { db } = services;
  if (findTenant(db, tenantId) === undefined) throw new NotFoundError(`Account ${tenantId}`);
  db.transaction(() => {
    setSuspended(db, tenantId, null);
    recordAudit(db, { tenantId, actor: actorOf(p), action: 'tenant.reinstate', target: tenantId });
  })();
  const zones = listZones(db, tenantId);
  await Promise.all(zones.map((z) => services.publisher.publishNow(z.id)));
  return { id: tenantId, suspended_at: null, zones: zones.length };
}
