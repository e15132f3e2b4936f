// The Zone object of the HTTP API, shaped from a stored zone.
import { domainToUnicode } from 'node:url';
import { nameToApiText } from '../../shared/dns/name.js';
import type { ZoneJson } from '../../shared/schemas/zones.js';
import type { Services } from '../services.js';
import type { ZoneRow } from '../store/zones.js';
import { withheldReason } from './withheld.js';
import { zoneNameservers } from './zone-nameservers.js';

/** `{id, tenant_id, origin, origin_unicode, status, ns, serial, published_serial, auto_publish, withheld, edges, created_at, updated_at}`; names without their trailing dot. */
export function zoneView(zone: ZoneRow, services: Pick<Services, 'config' | 'edges' | 'db' | 'now'>): ZoneJson {
  return {
    id: zone.id,
    tenant_id: zone.tenantId,
    origin: nameToApiText(zone.origin),
    origin_unicode: domainToUnicode(nameToApiText(zone.origin)),
    status: zone.status,
    ns: zoneNameservers(zone, services.config).map(nameToApiText),
    serial: zone.serial,
    published_serial: zone.publishedSerial,
    auto_publish: zone.autoPublish,
    withheld: withheldReason(services.db, zone, services.config.pendingDays, services.now()),
    edges: services.edges.zoneEdges(zone.origin, zone.publishedSerial > 0),
    created_at: zone.createdAt,
    updated_at: zone.updatedAt,
  };
}
