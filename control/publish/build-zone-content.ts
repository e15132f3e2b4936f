// Builds the snapshot content of a zone from its committed rows.
import type { Name } from '../../shared/dns/name.js';
import { compareNames } from '../../shared/dns/name.js';
import { parseRdata } from '../../shared/dns/rdata.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset, ZoneContent } from '../../shared/dns/rrset.js';
import type { RRsetRow } from '../store/rrsets.js';

/** Turns one stored value into wire RDATA; the publisher passes a caching one. */
export type RdataParser = (type: number, text: string) => Buffer;

/**
 * The ZoneContent of `origin` from its stored RRsets, in canonical order (RFC 4034 §6.1, then
 * by type). The SOA's SERIAL field is set to the zone's change `serial`, so every committed
 * change is visible to secondaries as a new serial (RFC 1035 §3.3.13). Stored values are
 * canonical text written by formatRdata, so parsing them again cannot fail unless the
 * database was edited by hand; then it throws RdataError and the publish fails (and retries).
 * `parse` must not hand out buffers it later changes; the SOA's is copied before patching.
 */
export function buildZoneContent(
  origin: Name,
  serial: number,
  rows: readonly RRsetRow[],
  parse: RdataParser = (type, text) => parseRdata(type, text, origin),
): ZoneContent {
  const rrsets: RRset[] = rows.map((row) => rrsetFromRow(row, serial, parse)).sort((a, b) => compareNames(a.name, b.name) || a.type - b.type);
  return { origin, rrsets };
}

/** One stored RRset as published: its values parsed, an SOA's SERIAL set to the zone's `serial`. */
export function rrsetFromRow(row: RRsetRow, serial: number, parse: RdataParser): RRset {
  return {
    name: row.name,
    type: row.type,
    ttl: row.ttl,
    rdata: row.records.map((text) => {
      const wire = parse(row.type, text);
      return row.type === RRType.SOA ? withSerial(wire, serial) : wire;
    }),
  };
}

/** SOA RDATA ends with five 32-bit fields, SERIAL first (RFC 1035 §3.3.13). */
export function withSerial(soa: Buffer, serial: number): Buffer {
  const out = Buffer.from(soa);
  out.writeUInt32BE(serial >>> 0, out.length - 20);
  return out;
}
