// The explicit publish of one zone (POST /api/zones/{id}/publish).
import { recordAudit } from '../audit/record-audit.js';
import type { Services } from '../services.js';
import type { ZoneRow } from '../store/zones.js';

/**
 * Publishes the zone's committed state now (staged changes included) and resolves when the
 * in-process edge serves it, with the serial published; audited as "zone.publish".
 * Publishing twice is harmless: the second writes the same content.
 */
export async function publishZone(services: Services, zone: ZoneRow, actor: string): Promise<{ publishedSerial: number }> {
  const result = await services.publisher.publishNow(zone.id);
  recordAudit(services.db, { tenantId: zone.tenantId, actor, action: 'zone.publish', target: zone.origin, after: { published_serial: result.publishedSerial } });
  return result;
}
