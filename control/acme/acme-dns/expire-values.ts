// Removes acme-dns values whose time is up, and runs that sweep periodically.
import type { Services } from '../../services.js';
import { deleteAcmeDnsValue, findAcmeDnsRegistration, listExpiredAcmeDnsValues } from '../../store/acme-dns.js';
import { applyChallenge } from '../apply-challenge.js';
import { acmeDnsZone, fulldomainOf } from './acme-dns-zone.js';

/**
 * CLEANUPs every value past its expiry and deletes its row; resolves once the edge no longer
 * serves them. Returns how many were removed. The row's delete and the CLEANUP's
 * transaction run in the same tick, so an /update of the same value (which refreshes the row
 * and PRESENTs in one tick too) lands wholly before or wholly after. Idempotent.
 */
export async function expireAcmeDnsValues(services: Services): Promise<number> {
  const expired = listExpiredAcmeDnsValues(services.db, services.now().getTime());
  if (expired.length === 0) return 0;
  const zone = acmeDnsZone(services);
  const done: Promise<unknown>[] = [];
  for (const value of expired) {
    const registration = findAcmeDnsRegistration(services.db, value.username);
    if (registration === undefined || !deleteAcmeDnsValue(services.db, value.username, value.txt)) continue;
    done.push(
      applyChallenge(services, {
        zone,
        actor: 'system:acme-dns-expiry',
        action: 'CLEANUP',
        owner: fulldomainOf(services, registration.subdomain),
        value: value.txt,
        via: 'acme-dns',
        auditTenantId: registration.tenantId,
      }),
    );
  }
  await Promise.all(done);
  return done.length;
}
