// "Served everywhere": after a publish, wait for the connected remote edges and the zone's
// configured secondaries together, and report them as one list.
import type { EdgeSync } from '../../shared/schemas/edges.js';
import { waitForSecondaries } from '../secondaries/secondary-service.js';
import type { Services } from '../services.js';
import { findZone } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';

/**
 * Resolves when every connected remote edge and every secondary of `zone` serves what was just
 * published (the zone's published serial), or after config.syncTimeoutMs with the laggards
 * named: edges by name, secondaries by IP:port.
 */
export async function waitForServers(services: Services, zone: ZoneRow): Promise<EdgeSync> {
  const timeoutMs = services.config.syncTimeoutMs;
  const serial = findZone(services.db, zone.id)?.publishedSerial ?? zone.publishedSerial;
  const [edges, secondaries] = await Promise.all([services.edges.waitForEdges(zone.origin, timeoutMs), waitForSecondaries(services, zone, serial, timeoutMs)]);
  return { total: edges.total + secondaries.total, in_sync: edges.in_sync + secondaries.inSync, lagging: [...edges.lagging, ...secondaries.lagging] };
}
