// A tenant's view of its acme-dns registrations: list them, and delete one with its values.
import { nameToApiText } from '../../../shared/dns/name.js';
import type { AcmeDnsRegistrationJson } from '../../../shared/schemas/acme.js';
import { recordAudit } from '../../audit/record-audit.js';
import { actorOf } from '../../auth/principal.js';
import type { Principal } from '../../auth/principal.js';
import { NotFoundError } from '../../errors/catalogue.js';
import type { Services } from '../../services.js';
import { deleteAcmeDnsRegistration, findAcmeDnsRegistration, listAcmeDnsRegistrations, listAcmeDnsValues } from '../../store/acme-dns.js';
import { applyChallenge } from '../apply-challenge.js';
import { acmeDnsZone, fulldomainOf } from './acme-dns-zone.js';

/** The tenant's registrations, oldest first, with the values each serves now (never passwords). */
export function listRegistrations(services: Services, tenantId: string): AcmeDnsRegistrationJson[] {
  return listAcmeDnsRegistrations(services.db, tenantId).map((r) => ({
    username: r.username,
    fulldomain: nameToApiText(fulldomainOf(services, r.subdomain)),
    subdomain: r.subdomain,
    allowfrom: [...r.allowfrom],
    created_at: r.createdAt,
    values: listAcmeDnsValues(services.db, r.username).map((v) => ({ txt: v.txt, expires_at: new Date(v.expiresAt).toISOString() })),
  }));
}

/**
 * Deletes one of the tenant's registrations: its credentials stop working at once, and its
 * values are removed from the edge before this resolves. Another tenant's or an unknown
 * username is a 404. Audited as "acme-dns.delete". Not idempotent: a second call is a 404.
 */
export async function deleteRegistration(services: Services, principal: Principal, username: string): Promise<void> {
  const { db } = services;
  const registration = findAcmeDnsRegistration(db, username);
  if (registration === undefined || registration.tenantId !== principal.tenantId) throw new NotFoundError(`acme-dns registration ${username}`);
  const values = db.transaction(() => {
    const held = listAcmeDnsValues(db, username);
    deleteAcmeDnsRegistration(db, username);
    recordAudit(db, { tenantId: principal.tenantId, actor: actorOf(principal), action: 'acme-dns.delete', target: username, before: { subdomain: registration.subdomain } });
    return held;
  })();
  const zone = acmeDnsZone(services);
  const owner = fulldomainOf(services, registration.subdomain);
  await Promise.all(
    values.map((v) =>
      applyChallenge(services, { zone, actor: actorOf(principal), action: 'CLEANUP', owner, value: v.txt, via: 'acme-dns', auditTenantId: principal.tenantId }),
    ),
  );
}
