// Finds the hosted zone a name belongs to: the one with the longest origin above it.
import type { Database } from 'better-sqlite3';
import { parentName } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { findZoneByOrigin } from '../store/zones.js';
import type { ZoneRow } from '../store/zones.js';

/**
 * The zone holding `name`: the closest enclosing origin that DNSCove hosts, whatever its
 * tenant (callers check ownership), or undefined. One indexed lookup per label of `name`.
 */
export function zoneForName(db: Database, name: Name): ZoneRow | undefined {
  for (let n: Name | null = name; n !== null; n = parentName(n)) {
    const zone = findZoneByOrigin(db, n);
    if (zone !== undefined) return zone;
  }
  return undefined;
}
