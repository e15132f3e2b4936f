// Export: a zone's RRsets as an RFC 1035 master file that NSD loads and our importer reads back.
import type { Database } from 'better-sqlite3';
import { compareNames, nameToApiText } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { formatRdata } from '../../shared/dns/rdata.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import type { ZoneContent } from '../../shared/dns/rrset.js';
import type { RRsetData } from '../records/rrset-change.js';
import { buildZoneContent } from '../publish/build-zone-content.js';
import { listRRsets } from '../store/rrsets.js';
import type { ZoneRow } from '../store/zones.js';

/** A zone to export: its origin and every RRset, the apex SOA among them. */
export interface ExportZone {
  readonly origin: Name;
  readonly rrsets: readonly RRsetData[];
}

/** Converts wire-form zone content (a snapshot, a zone-file load) to presentation values. */
export function exportZoneFromContent(content: ZoneContent): ExportZone {
  return {
    origin: content.origin,
    rrsets: content.rrsets.map((s) => ({ name: s.name, type: s.type, ttl: s.ttl, records: s.rdata.map((w) => formatRdata(s.type, w)) })),
  };
}

// SOA first, then the apex NS, as people expect to read them; the rest in canonical order.
function typeRank(type: number): number {
  if (type === RRType.SOA) return 0;
  if (type === RRType.NS) return 1;
  return 2;
}

/**
 * Writes the zone as an RFC 1035 §5 master file: a header comment, `$ORIGIN`, `$TTL` (the SOA's
 * TTL, 3600 without one), then one RR per line, `owner TTL IN TYPE value`, every owner absolute
 * (so no line depends on the previous one), the SOA first, then names in canonical order
 * (RFC 4034 §6.1) and types by number. Values are canonical presentation text (absolute names,
 * quoted TXT strings, RFC 3597 `\#` for unknown types), so the file loads in NSD and imports
 * back to the same RRsets. Deterministic: the same zone always gives the same bytes.
 */
export function exportZoneFile(zone: ExportZone): string {
  const sorted = [...zone.rrsets].sort(
    (a, b) =>
      (a.name === zone.origin ? 0 : 1) - (b.name === zone.origin ? 0 : 1) ||
      compareNames(a.name, b.name) ||
      typeRank(a.type) - typeRank(b.type) ||
      a.type - b.type,
  );
  const soa = zone.rrsets.find((s) => s.type === RRType.SOA && s.name === zone.origin);
  const lines = [
    `; zone ${nameToApiText(zone.origin)} exported by DNSCove`,
    `$ORIGIN ${zone.origin}`,
    `$TTL ${soa?.ttl ?? 3600}`,
  ];
  for (const set of sorted) {
    const type = rrTypeToText(set.type);
    for (const value of set.records) lines.push(`${set.name} ${set.ttl} IN ${type} ${value}`);
  }
  return lines.join('\n') + '\n';
}

/** The zone's committed RRsets (staged or published) as a master file, its SOA at the zone's serial. */
export function exportCommittedZone(db: Database, zone: ZoneRow): string {
  return exportZoneFile(exportZoneFromContent(buildZoneContent(zone.origin, zone.serial, listRRsets(db, zone.id))));
}
