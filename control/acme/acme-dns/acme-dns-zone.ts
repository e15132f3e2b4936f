// The zone acme-dns registrations live in: configured, owned by the system, created at start.
import type { Name } from '../../../shared/dns/name.js';
import { childName } from '../../../shared/dns/name.js';
import { NotFoundError } from '../../errors/catalogue.js';
import type { Services } from '../../services.js';
import { SYSTEM_TENANT } from '../../store/tenants.js';
import { findZoneByOrigin } from '../../store/zones.js';
import type { ZoneRow } from '../../store/zones.js';
import { createZone } from '../../zones/create-zone.js';

/**
 * Creates the acme-dns zone (config.acmeDnsZone) for the system tenant unless it exists, and
 * returns it. When a customer already hosts that origin, acme-dns stays off (logged, and
 * undefined returned) rather than writing into someone else's zone. Idempotent.
 */
export async function ensureAcmeDnsZone(services: Services): Promise<ZoneRow | undefined> {
  const origin = services.config.acmeDnsZone;
  const existing = findZoneByOrigin(services.db, origin);
  if (existing !== undefined) {
    if (existing.tenantId === SYSTEM_TENANT) return existing;
    services.log.error('acme-dns: the configured zone is hosted by a customer; acme-dns is off', { origin });
    return undefined;
  }
  return createZone(services, { tenantId: SYSTEM_TENANT, actor: 'system', origin });
}

/** The acme-dns zone for a request; 404 when it is missing (startup refused it). */
export function acmeDnsZone(services: Services): ZoneRow {
  const zone = findZoneByOrigin(services.db, services.config.acmeDnsZone);
  if (zone === undefined || zone.tenantId !== SYSTEM_TENANT) throw new NotFoundError('acme-dns: the acme-dns zone');
  return zone;
}

/** The name a registration's values are served at: `<subdomain>.<acme-dns zone>`. */
export function fulldomainOf(services: Services, subdomain: string): Name {
  return childName(subdomain, services.config.acmeDnsZone);
}
