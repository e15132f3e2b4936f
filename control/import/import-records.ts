// The rules every import of whole records (a zone file, a zone transfer) applies: what DNSCove
// replaces or cannot serve is skipped with a reason, SPF becomes TXT, values are checked by the
// shared codecs and grouped into RRsets.
import { isSubdomain } from '../../shared/dns/name.js';
import type { Name } from '../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../shared/dns/rr-type.js';
import { RRsetCollector, replacedByDnscove, withoutCnameConflicts } from './rrset-collector.js';
import type { ImportNote, ImportResult, SkippedRecord } from './import-result.js';

export interface WholeRecord {
  readonly name: Name;
  readonly type: number;
  readonly ttl: number;
  readonly rdata: Uint8Array;
}

/**
 * Records outside `origin`, the apex SOA and NS (replaced by ours), the previous signer's DNSSEC
 * data and CNAME conflicts are skipped, each reason starting with `where(record)` ("line 12: ");
 * SPF becomes TXT (noted). The apex SOA's SERIAL is kept as `serial`, so the zone can go on from it.
 */
export function importRecords<R extends WholeRecord>(origin: Name, records: Iterable<R>, where: (record: R) => string): ImportResult {
  const collector = new RRsetCollector(origin);
  const skipped: SkippedRecord[] = [];
  const notes: ImportNote[] = [];
  let serial: number | undefined;
  for (const record of records) {
    const typeText = rrTypeToText(record.type);
    if (record.type === RRType.SOA && record.name === origin) serial = soaSerial(record.rdata);
    if (!isSubdomain(record.name, origin)) {
      skipped.push({ name: record.name, type: typeText, reason: `${where(record)}outside the zone ${origin}` });
      continue;
    }
    const replaced = replacedByDnscove(record.name, record.type, origin);
    if (replaced !== undefined) {
      skipped.push({ name: record.name, type: typeText, reason: `${where(record)}${replaced}` });
      continue;
    }
    let type = record.type;
    if (type === RRType.SPF) {
      type = RRType.TXT;
      notes.push({ name: record.name, type: 'SPF', note: `${where(record)}SPF record type is obsolete (RFC 7208 §3.1); imported as TXT` });
    }
    collector.addWire(record.name, type, record.ttl, record.rdata);
  }
  const rrsets = withoutCnameConflicts(collector.rrsets(), skipped);
  return { origin, rrsets, skipped, notes, ...(serial === undefined ? {} : { serial }) };
}

/** SOA RDATA ends with five 32-bit fields, SERIAL first (RFC 1035 §3.3.13). */
function soaSerial(rdata: Uint8Array): number {
  return Buffer.from(rdata.buffer, rdata.byteOffset, rdata.byteLength).readUInt32BE(rdata.byteLength - 20);
}
