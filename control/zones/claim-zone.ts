// Taking over a zone another account holds without having proved it: the claimant proves control of the name in DNS.
import { randomBytes } from 'node:crypto';
import { childName, nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { txtStrings } from '../../shared/dns/rdata/txt.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { ZoneClaimJson } from '../../shared/schemas/zones.js';
import { recordAudit } from '../audit/record-audit.js';
import { IterativeResolver } from '../checks/iterative-resolver.js';
import { ConflictError, NotFoundError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { findClaim, findOpenClaim, insertClaim, markClaimed } from '../store/zone-claims.js';
import type { ZoneClaimRow } from '../store/zone-claims.js';
import { findZoneByOrigin } from '../store/zones.js';
import { createZone } from './create-zone.js';
import { deleteZone } from './delete-zone.js';
import { parseOrigin } from './parse-origin.js';
import { refusePublicSuffix } from './public-suffix.js';

/** The label under the origin where the claimant publishes its proof. */
export const CLAIM_LABEL = '_dnscove-claim';

const proofValue = (claim: ZoneClaimRow): string => `dnscove-claim=${claim.token}`;

/** The claim as the API shows it: what to publish where, and whether it has succeeded. */
export function claimView(claim: ZoneClaimRow, detail?: string, zoneId?: string): ZoneClaimJson {
  return {
    id: claim.id,
    origin: nameToApiText(claim.origin),
    status: claim.claimedAt === null ? 'pending' : 'claimed',
    record: { name: childName(CLAIM_LABEL, claim.origin), type: 'TXT', value: proofValue(claim) },
    ...(detail === undefined ? {} : { detail }),
    ...(zoneId === undefined ? {} : { zone_id: zoneId }),
  };
}

/** The zone another account holds at `origin`, or a ConflictError saying why there is nothing to claim. */
function claimable(services: Services, tenantId: string, origin: Name): void {
  const held = findZoneByOrigin(services.db, origin);
  const text = nameToApiText(origin);
  if (held === undefined) throw new ConflictError(`No account holds ${text}: create it with POST /api/zones.`);
  if (held.tenantId === tenantId) throw new ConflictError(`${text} is already in this account.`);
  if (held.status === 'ACTIVE') {
    throw new ConflictError(`${text} is delegated to DNSCove and ACTIVE in another account, which has proved it controls the name; it cannot be claimed.`);
  }
}

/**
 * Opens (or returns the open) claim of tenant `tenantId` on `originText`, which another account
 * holds PENDING_VERIFICATION. Throws ValidationError for a bad origin or a public suffix and
 * ConflictError when nobody else holds it, or holds it ACTIVE. Audited as "zone.claim.start".
 */
export function startClaim(services: Services, tenantId: string, actor: string, originText: string): ZoneClaimRow {
  const origin = parseOrigin(originText);
  refusePublicSuffix(origin);
  const { db } = services;
  return db.transaction(() => {
    claimable(services, tenantId, origin);
    const open = findOpenClaim(db, tenantId, origin);
    if (open !== undefined) return open;
    const claim: ZoneClaimRow = { id: `C${randomBytes(7).toString('hex')}`, tenantId, origin, token: randomBytes(18).toString('base64url'), createdAt: services.now().toISOString(), claimedAt: null };
    insertClaim(db, claim);
    recordAudit(db, { tenantId, actor, action: 'zone.claim.start', target: origin, after: { claim: claim.id } });
    return claim;
  })();
}

/**
 * Looks for the claim's proof — TXT "dnscove-claim=<token>" at _dnscove-claim.<origin> —
 * resolved from the root (DNSCOVE_ROOT_HINTS), so it is what the name's current servers say.
 * Found: the holder's zone is deleted (its tokens revoked; audited in its account as deleted by
 * the claim) and the claimant gets the zone afresh (our SOA and NS, PENDING_VERIFICATION until
 * delegated), audited as "zone.claim". Not found: the claim stays pending, with the reason.
 * NotFoundError for another tenant's or an unknown claim; ConflictError once the holder has
 * proved its own control (ACTIVE).
 */
export async function verifyClaim(services: Services, tenantId: string, actor: string, claimId: string): Promise<ZoneClaimJson> {
  const { db } = services;
  const claim = findClaim(db, claimId);
  if (claim === undefined || claim.tenantId !== tenantId) throw new NotFoundError(`Claim ${claimId}`);
  if (claim.claimedAt !== null) return claimView(claim, undefined, findZoneByOrigin(db, claim.origin)?.id);
  claimable(services, tenantId, claim.origin);
  const missing = await missingProof(services, claim);
  if (missing !== undefined) return claimView(claim, missing);
  const held = findZoneByOrigin(db, claim.origin);
  if (held !== undefined) await deleteZone(services, held, `claim:${claim.id} by ${actor}`);
  const zone = await createZone(services, { tenantId, actor, origin: nameToApiText(claim.origin) });
  const now = services.now().toISOString();
  db.transaction(() => {
    markClaimed(db, claim.id, now);
    recordAudit(db, { tenantId, actor, action: 'zone.claim', target: claim.origin, after: { claim: claim.id, zone: zone.id, from_account: held?.tenantId ?? null } });
  })();
  return claimView({ ...claim, claimedAt: now }, undefined, zone.id);
}

/** Why the proof is not there yet, or undefined when it is. */
async function missingProof(services: Services, claim: ZoneClaimRow): Promise<string | undefined> {
  const owner = childName(CLAIM_LABEL, claim.origin);
  const walked = await new IterativeResolver(services.config.checks.resolver).walk(owner, RRType.TXT);
  if (walked.kind === 'failure') return `resolving ${nameToApiText(owner)} TXT failed: ${walked.detail}`;
  if (walked.kind !== 'answer') return `${nameToApiText(owner)} does not exist yet (NXDOMAIN): publish the TXT record at the name's current DNS provider`;
  const wanted = proofValue(claim);
  const values = walked.message.answer.filter((r) => r.type === RRType.TXT && r.name === owner).map((r) => txtStrings(r.rdata).map((s) => Buffer.from(s).toString('utf8')).join(''));
  if (values.includes(wanted)) return undefined;
  return `${nameToApiText(owner)} has no TXT "${wanted}" at the servers of ${nameToApiText(walked.zone)} yet${values.length > 0 ? ` (found: ${values.map((v) => `"${v}"`).join(', ')})` : ''}`;
}
