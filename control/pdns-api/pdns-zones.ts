// The zone lifecycle through the PowerDNS API, within what the caller's token may see and do:
// a tenant-admin token the tenant's zones, a zone-admin or acme-dns01 token its one zone.
import type { Principal } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/record-audit.js';
import { isProblemError } from '../errors/problem-error.js';
import type { Services } from '../services.js';
import { findPdnsSettings, putPdnsSettings } from '../store/pdns-extras.js';
import { findZone, findZoneByOrigin, listZones } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';
import { createZone } from '../zones/create-zone.js';
import { deleteZone } from '../zones/delete-zone.js';
import type { PdnsZoneCreate, PdnsZoneUpdate } from './parse-pdns-body.js';
import { PdnsError } from './pdns-error.js';
import { zoneNameFromId } from './pdns-names.js';
import { patchRRsets } from './patch-rrsets.js';

/** The zones the principal sees, by name. */
export function visibleZones(services: Pick<Services, 'db'>, principal: Principal): ZoneRow[] {
  if (principal.kind === 'token' && principal.zoneId !== null) {
    const zone = findZone(services.db, principal.zoneId);
    return zone === undefined ? [] : [zone];
  }
  return listZones(services.db, principal.tenantId);
}

/** The zone a path's zone id names, when the principal may see it; 404 otherwise, whether or not it exists elsewhere. */
export function visibleZone(services: Pick<Services, 'db'>, principal: Principal, zoneId: string): ZoneRow {
  const name = zoneNameFromId(zoneId);
  const zone = name === undefined ? undefined : findZoneByOrigin(services.db, name);
  const visible = zone !== undefined && zone.tenantId === principal.tenantId && (principal.kind === 'session' || principal.zoneId === null || principal.zoneId === zone.id);
  if (!visible) throw new PdnsError(404, 'Not Found');
  return zone;
}

/** Only a tenant-wide credential creates and deletes zones, as on the native API. */
function requireTenantWide(principal: Principal, what: string): void {
  if (principal.kind === 'token' && principal.scope !== 'tenant-admin') throw new PdnsError(403, `A ${principal.scope} token may not ${what}`);
}

/** Changing a zone's settings takes a tenant-admin or zone-admin token. */
function requireZoneAdmin(principal: Principal): void {
  if (principal.kind === 'token' && principal.scope === 'acme-dns01') throw new PdnsError(403, 'An acme-dns01 token may change only TXT records at _acme-challenge names');
}

/** Native-API errors (a bad origin, a public suffix, an origin already hosted) in PowerDNS's shape. */
function asPdns(err: unknown, name: string): unknown {
  if (!isProblemError(err)) return err;
  if (err.status === 409) return new PdnsError(409, `Domain '${name}' already exists`);
  if (err.status === 400) return new PdnsError(422, err.detail);
  return err;
}

/**
 * Creates the zone (the native API's createZone: same claims rules, DNSSEC, audit), keeps its
 * kind and account, then applies its RRsets as a PATCH would. Nameservers given become the
 * zone's own; none, and it follows the operator's (DNSCOVE_NS).
 */
export async function createPdnsZone(services: Services, principal: Principal, input: PdnsZoneCreate): Promise<ZoneRow> {
  requireTenantWide(principal, 'create zones');
  let zone: ZoneRow;
  try {
    zone = await createZone(services, { tenantId: principal.tenantId, actor: actorOf(principal), origin: input.name, ns: input.nameservers.length > 0 ? input.nameservers : undefined });
  } catch (err) {
    throw asPdns(err, input.name);
  }
  putPdnsSettings(services.db, zone.id, { kind: input.kind, account: input.account });
  try {
    await patchRRsets(services, principal, zone, input.rrsets);
  } catch (err) {
    // All or nothing, as PowerDNS's own create: a zone whose RRsets are refused is not left behind.
    await deleteZone(services, zone, actorOf(principal));
    throw err;
  }
  return findZone(services.db, zone.id) ?? zone;
}

/** `PUT …/zones/{id}`: the kind and account, audited. */
export function updatePdnsZone(services: Services, principal: Principal, zone: ZoneRow, input: PdnsZoneUpdate): void {
  requireZoneAdmin(principal);
  const before = findPdnsSettings(services.db, zone.id) ?? { kind: 'Native', account: '' };
  const after = { kind: input.kind ?? before.kind, account: input.account ?? before.account };
  if (after.kind === before.kind && after.account === before.account) return;
  services.db.transaction(() => {
    putPdnsSettings(services.db, zone.id, after);
    recordAudit(services.db, { tenantId: zone.tenantId, actor: actorOf(principal), action: 'zone.update', target: zone.origin, before, after });
  })();
}

export async function deletePdnsZone(services: Services, principal: Principal, zone: ZoneRow): Promise<void> {
  requireTenantWide(principal, 'delete zones');
  await deleteZone(services, zone, actorOf(principal));
}
