// Which nameservers serve a zone: its own set, or the operator's.
import type { Name } from '../../shared/dns/name.js';
import type { ControlConfig } from '../config.js';
import type { ZoneRow } from '../store/zones.js';

/** The zone's own nameserver set (`ns` on create or PATCH), else DNSCOVE_NS. */
export function zoneNameservers(zone: ZoneRow, config: Pick<ControlConfig, 'nameservers'>): readonly Name[] {
  return zone.nameservers ?? config.nameservers;
}
