// Lists a zone's RRsets in the API's shape, in canonical order.
import type { Database } from 'better-sqlite3';
import { compareNames } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import type { RecordsList } from '../../shared/schemas/records.js';
import { listAliases } from '../store/aliases.js';
import { listRRsets } from '../store/rrsets.js';
import type { ZoneRow } from '../store/zones.js';

/**
 * `{records: [{name, type, ttl, records}]}`: every committed RRset (staged or published),
 * names absolute with their trailing dot, ordered by name (RFC 4034 §6.1) then type number,
 * except that the SOA comes first, as in a zone file.
 * The apex SOA shows the zone's serial, as publishing writes it. ALIAS records are listed with
 * the rest, beside the A and AAAA they resolve to.
 */
export function listRecords(db: Database, zone: ZoneRow): RecordsList {
  const aliases = listAliases(db, zone.id).map((a) => ({ zoneId: zone.id, name: a.name, type: RRType.ALIAS, ttl: a.ttl, records: [a.target] }));
  const rows = [...listRRsets(db, zone.id), ...aliases].sort((a, b) => compareNames(a.name, b.name) || typeRank(a.type) - typeRank(b.type));
  return {
    records: rows.map((r) => ({
      name: r.name,
      type: rrTypeToText(r.type),
      ttl: r.ttl,
      records: r.type === RRType.SOA ? r.records.map((soa) => withSerial(soa, zone.serial)) : [...r.records],
    })),
  };
}

const typeRank = (type: number): number => (type === RRType.SOA ? -1 : type);

/** Canonical SOA text is "mname rname serial refresh retry expire minimum", blank-separated. */
function withSerial(soa: string, serial: number): string {
  const fields = soa.split(' ');
  if (fields.length !== 7) return soa;
  fields[2] = String(serial);
  return fields.join(' ');
}
