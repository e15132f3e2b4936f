// The zone a route's pipeline loaded from its `zoneParam`, for handlers that declare one.
import { NotFoundError } from '../errors/catalogue.js';
import type { ZoneRow } from '../store/zones.js';

/** Returns the loaded zone; a route without `zoneParam` gets none, which is a 404, not a crash. */
export function loadedZone(zone: ZoneRow | undefined): ZoneRow {
  if (zone === undefined) throw new NotFoundError('Zone');
  return zone;
}
