// Creates a zone with its system SOA and NS, and publishes it at once.
import { updateTransferKeys, zoneChangesTransferKeys } from '../tsig/transfer-keys-writer.js';
import { zoneSetChanged } from '../secondaries/catalog-zone.js';
import { ensureZoneKey } from '../dnssec/zone-signing-key.js';
import { signalsForNewZone } from '../dnssec/bootstrap-signals.js';
import { setZoneDenial } from '../store/dnssec-keys.js';
import type { DenialKind } from '../../shared/dnssec/denial.js';
import type { DnssecAlgorithm } from '../../shared/dnssec/signing-key.js';
import { isSubdomain, nameToApiText } from '../../shared/dns/name.js';
import { recordAudit } from '../audit/record-audit.js';
import { ConflictError } from '../errors/catalogue.js';
import type { Services } from '../services.js';
import { upsertRRset } from '../store/rrsets.js';
import { findZone, findZoneByOrigin, insertZone, listAllZones } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { parseNameservers } from './parse-nameservers.js';
import { parseOrigin } from './parse-origin.js';
import { refusePublicSuffix } from './public-suffix.js';
import { systemRRsets } from './system-rrsets.js';
import { newZoneId } from './zone-id.js';
import { zoneNameservers } from './zone-nameservers.js';

/** A zone's status until a delegation check finds our nameservers at the parent. */
export const INITIAL_STATUS = 'PENDING_VERIFICATION';

export interface CreateZoneInput {
  readonly tenantId: string;
  /** actorOf(principal), for the audit entry. */
  readonly actor: string;
  /** The origin as the client sent it ("example.com" or "example.com."). */
  readonly origin: string;
  /** The zone's own nameserver names as sent; left out, the zone follows DNSCOVE_NS. */
  readonly ns?: readonly string[] | undefined;
  /** How it is signed: its key's algorithm (default ECDSA P-256) and its chain of denial (default NSEC3). */
  readonly dnssec?: { readonly algorithm?: DnssecAlgorithm | undefined; readonly denial?: DenialKind | undefined } | undefined;
}

/**
 * Creates the zone (serial 1) with the system SOA and apex NS, in one transaction with its
 * audit entry, then publishes it and returns the stored zone (published_serial 1 when the
 * publish succeeded; a failed publish is retried in the background and does not fail the
 * call, since the zone exists). Throws ValidationError('origin') for a bad origin or a public
 * suffix (refusePublicSuffix), and
 * ConflictError when the origin is already hosted, by this tenant or another, or when it is
 * above or below another tenant's zone (hosting a child of someone else's zone would let one
 * tenant answer for another's names).
 */
export async function createZone(services: Services, input: CreateZoneInput): Promise<ZoneRow> {
  const { db, config } = services;
  const origin = parseOrigin(input.origin);
  refusePublicSuffix(origin);
  const nameservers = input.ns === undefined ? null : parseNameservers(input.ns);
  const now = services.now().toISOString();
  const zone: ZoneRow = {
    id: newZoneId(),
    tenantId: input.tenantId,
    origin,
    status: INITIAL_STATUS,
    serial: 1,
    publishedSerial: 0,
    autoPublish: true,
    nameservers,
    createdAt: now,
    updatedAt: now,
  };
  db.transaction(() => {
    if (findZoneByOrigin(db, origin) !== undefined) throw new ConflictError(`The zone ${nameToApiText(origin)} is already hosted.`);
    // A scan, not an index lookup: fine for thousands of zones; a names table would scale further.
    for (const other of listAllZones(db)) {
      const nested = isSubdomain(origin, other.origin) || isSubdomain(other.origin, origin);
      if (nested && other.tenantId !== input.tenantId) {
        throw new ConflictError(`The zone ${nameToApiText(origin)} overlaps a zone hosted by another account.`);
      }
    }
    insertZone(db, zone);
    for (const set of systemRRsets(origin, zoneNameservers(zone, config), config.hostmaster)) upsertRRset(db, { zoneId: zone.id, ...set });
    recordAudit(db, { tenantId: zone.tenantId, actor: input.actor, action: 'zone.create', target: origin, after: { id: zone.id, origin } });
  })();
  // Every zone gets its DNSSEC key at birth; the private half never leaves the control plane.
  ensureZoneKey(services, zone.id, input.dnssec?.algorithm);
  if (input.dnssec?.denial !== undefined) setZoneDenial(db, zone.id, input.dnssec.denial);
  signalsForNewZone(services, zone);
  if (zoneChangesTransferKeys(db, zone.tenantId, zone.id)) updateTransferKeys(services);
  try {
    await services.publisher.publishNow(zone.id);
  } catch (err) {
    services.log.error('zones: first publish failed; it will be retried', { zoneId: zone.id, err });
  }
  await zoneSetChanged(services, zone.tenantId);
  return findZone(db, zone.id) ?? zone;
}
