// The Zone object of the HTTP API, shaped from a stored zone.
import { domainToUnicode } from 'node:url';
import { nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import type { ZoneEdges } from '../../shared/schemas/edges.js';
import type { ZoneJson } from '../../shared/schemas/zones.js';
import type { ZoneRow } from '../store/zones.js';

/** `{id, tenant_id, origin, origin_unicode, status, ns, serial, published_serial, auto_publish, edges, created_at, updated_at}`; names without their trailing dot. */
export function zoneView(zone: ZoneRow, nameservers: readonly Name[], edges: ZoneEdges): ZoneJson {
  return {
    id: zone.id,
    tenant_id: zone.tenantId,
    origin: nameToApiText(zone.origin),
    origin_unicode: domainToUnicode(nameToApiText(zone.origin)),
    status: zone.status,
    ns: nameservers.map(nameToApiText),
    serial: zone.serial,
    published_serial: zone.publishedSerial,
    auto_publish: zone.autoPublish,
    edges,
    created_at: zone.createdAt,
    updated_at: zone.updatedAt,
  };
}
