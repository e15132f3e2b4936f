// "Served everywhere": after a publish, wait for the connected remote edges and the zone's
// configured secondaries together, and report them as one list.
import type { EdgeSync } from '../../shared/schemas/edges.js';
import { waitForSecondaries } from '../secondaries/secondary-service.js';
import { NotServedError } from '../errors/catalogue.js';
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

/**
 * Waits as waitForServers does, then insists that at least one nameserver serves the change: the
 * embedded edge (it serves every publish before it returns), or a remote edge or secondary in
 * sync. When edges or secondaries are known and none is, NotServedError (504) names them; with
 * none known (edges reading the snapshot directory themselves) there is nobody to ask.
 */
export async function waitUntilServed(services: Services, zone: ZoneRow): Promise<EdgeSync> {
  const sync = await waitForServers(services, zone);
  if (!services.edges.embedded && sync.total > 0 && sync.in_sync === 0) throw new NotServedError(sync.lagging, sync);
  return sync;
}
