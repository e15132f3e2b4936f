// The explicit publish of one zone (POST /api/zones/{id}/publish).
import type { EdgeSync } from '../../shared/schemas/edges.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Services } from '../services.js';
import type { ZoneRow } from '../store/zones.js';
import { waitForServers } from './wait-for-servers.js';

/**
 * Publishes the zone's committed state now (staged changes included) and resolves when the
 * embedded edge serves it, then waits (config.syncTimeoutMs at most) until every connected
 * remote edge and every secondary of the zone serves it too; `edges.lagging` names those that did not. Resolves with the
 * serial published; audited as "zone.publish". Publishing twice is harmless: the second
 * writes the same content.
 */
export async function publishZone(services: Services, zone: ZoneRow, actor: string): Promise<{ publishedSerial: number; edges: EdgeSync }> {
  const result = await services.publisher.publishNow(zone.id);
  recordAudit(services.db, { tenantId: zone.tenantId, actor, action: 'zone.publish', target: zone.origin, after: { published_serial: result.publishedSerial } });
  const edges = await waitForServers(services, zone);
  if (edges.lagging.length > 0) services.log.warn('publish: remote edges or secondaries did not serve the zone in time', { zone: zone.origin, lagging: edges.lagging });
  return { publishedSerial: result.publishedSerial, edges };
}
