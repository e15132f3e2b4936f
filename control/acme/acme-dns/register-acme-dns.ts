// acme-dns POST /register: a new registration for the caller's tenant, credentials returned once.
import { randomBytes, randomUUID } from 'node:crypto';
import { nameToApiText } from '../../../shared/dns/name.js';
import type { AcmeDnsRegistration } from '../../../shared/schemas/acme.js';
import { recordAudit } from '../../audit/record-audit.js';
import { actorOf } from '../../auth/principal.js';
import type { Principal } from '../../auth/principal.js';
import type { Services } from '../../services.js';
import { insertAcmeDnsRegistration } from '../../store/acme-dns.js';
import { hashTokenText } from '../../tokens/token-format.js';
import { acmeDnsZone, fulldomainOf } from './acme-dns-zone.js';
import { parseAllowfrom } from './allowfrom.js';

/** acme-dns passwords are 40 characters; ours carry 240 bits from the CSPRNG. */
const PASSWORD_BYTES = 30;

/**
 * Creates a registration owned by the principal's tenant: a random UUID username and
 * subdomain and a random 40-character password, of which only a SHA-256 hash is stored.
 * Answers like acme-dns (`{username, password, fulldomain, subdomain, allowfrom}`, fulldomain
 * without a trailing dot); the user then points `_acme-challenge.<domain>` at fulldomain by
 * CNAME. `allowfrom` CIDRs are validated (ValidationError). Insert and "acme-dns.register"
 * audit entry are one transaction. Not idempotent: every call makes a new registration.
 */
export function registerAcmeDns(services: Services, principal: Principal, allowfrom: readonly string[]): AcmeDnsRegistration {
  acmeDnsZone(services);
  const ranges = parseAllowfrom(allowfrom);
  const username = randomUUID();
  const subdomain = randomUUID();
  const password = randomBytes(PASSWORD_BYTES).toString('base64url');
  const now = services.now();
  services.db.transaction(() => {
    insertAcmeDnsRegistration(services.db, {
      username,
      tenantId: principal.tenantId,
      subdomain,
      passwordHash: hashTokenText(password),
      allowfrom: ranges,
      createdAt: now.toISOString(),
    });
    recordAudit(services.db, {
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action: 'acme-dns.register',
      target: username,
      after: { subdomain, allowfrom: ranges },
      at: now,
    });
  })();
  return { username, password, fulldomain: nameToApiText(fulldomainOf(services, subdomain)), subdomain, allowfrom: ranges };
}
