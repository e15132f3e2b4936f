// acme-dns POST /update: X-Api-User/X-Api-Key and {subdomain, txt}, onto applyChallenge in the acme-dns zone.
import { timingSafeEqual } from 'node:crypto';
import { CHALLENGE_VALUE } from '../../../shared/schemas/acme.js';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../errors/catalogue.js';
import type { Services } from '../../services.js';
import { findAcmeDnsRegistration, putAcmeDnsValue } from '../../store/acme-dns.js';
import type { AcmeDnsRegistrationRow } from '../../store/acme-dns.js';
import { hashTokenText } from '../../tokens/token-format.js';
import { applyChallenge } from '../apply-challenge.js';
import { acmeDnsZone, fulldomainOf } from './acme-dns-zone.js';
import { isAllowedFrom } from './allowfrom.js';

export interface AcmeDnsUpdateInput {
  /** X-Api-User. */
  readonly user: string | undefined;
  /** X-Api-Key. */
  readonly key: string | undefined;
  /** The parsed JSON body, untrusted. */
  readonly body: unknown;
  /** The peer address, for allowfrom. */
  readonly ip: string;
}

/** The body of /update: `{subdomain, txt}`; some clients send `SubDomain`/`Txt`, so keys match case-insensitively. */
export function parseAcmeDnsUpdate(body: unknown): { subdomain: string; txt: string } {
  const fields = new Map<string, unknown>();
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body)) fields.set(k.toLowerCase(), v);
  }
  const subdomain = fields.get('subdomain');
  const txt = fields.get('txt');
  if (typeof subdomain !== 'string' || subdomain === '') throw new ValidationError('/subdomain', subdomain ?? null, 'acme-dns: subdomain is required');
  if (typeof txt !== 'string' || !CHALLENGE_VALUE.test(txt)) throw new ValidationError('/txt', txt ?? null, 'acme-dns: txt must be a DNS-01 value (base64url, up to 255 characters)');
  return { subdomain, txt };
}

/** Checks X-Api-User/X-Api-Key in constant time; UnauthorizedError for anything but a match. */
function authenticateRegistration(services: Services, user: string | undefined, key: string | undefined): AcmeDnsRegistrationRow {
  const registration = user === undefined ? undefined : findAcmeDnsRegistration(services.db, user);
  const presented = Buffer.from(hashTokenText(key ?? ''), 'hex');
  // Compare something even for unknown users, so both paths cost the same.
  const stored = Buffer.from(registration?.passwordHash ?? '0'.repeat(64), 'hex');
  const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (registration === undefined || key === undefined || !matches) throw new UnauthorizedError('acme-dns: X-Api-User and X-Api-Key do not match a registration.');
  return registration;
}

/**
 * Adds `txt` to the registration's TXT RRset at its fulldomain and serves it before
 * returning; order: credentials (401), allowfrom (403), body (400), then the subdomain must
 * be the registration's own (403). Unlike acme-dns, which keeps the last two values, every
 * value is kept until config.acmeDnsValueSeconds after its latest /update, when
 * expireAcmeDnsValues removes it, so any number of concurrent validations work. Repeats are
 * idempotent (they only move the expiry). Audited as "acme.present" for the registration's
 * tenant, actor "acme-dns:<username>".
 */
export async function updateAcmeDns(services: Services, input: AcmeDnsUpdateInput): Promise<{ txt: string }> {
  const registration = authenticateRegistration(services, input.user, input.key);
  if (!isAllowedFrom(registration.allowfrom, input.ip)) throw new ForbiddenError(`acme-dns: updates for this registration are not allowed from ${input.ip}.`);
  const { subdomain, txt } = parseAcmeDnsUpdate(input.body);
  if (subdomain.toLowerCase() !== registration.subdomain) throw new ForbiddenError('acme-dns: the subdomain belongs to another registration.');
  const zone = acmeDnsZone(services);
  putAcmeDnsValue(services.db, { username: registration.username, txt, expiresAt: services.now().getTime() + services.config.acmeDnsValueSeconds * 1000 });
  await applyChallenge(services, {
    zone,
    actor: `acme-dns:${registration.username}`,
    action: 'PRESENT',
    owner: fulldomainOf(services, registration.subdomain),
    value: txt,
    via: 'acme-dns',
    auditTenantId: registration.tenantId,
  });
  return { txt };
}
