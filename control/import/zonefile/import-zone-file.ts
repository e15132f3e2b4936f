// The zone-file import adapter: an RFC 1035 master file in, the RRsets DNSCove will serve out.
import { isSubdomain } from '../../../shared/dns/name.js';
import type { Name } from '../../../shared/dns/name.js';
import { RRType, rrTypeToText } from '../../../shared/dns/rr-type.js';
import { parseZoneFile } from '../../../shared/zonefile/parse-zone-file.js';
import { ZoneFileError } from '../../../shared/zonefile/zone-file-error.js';
import { RRsetCollector, replacedByDnscove, withoutCnameConflicts } from '../rrset-collector.js';
import type { ImportNote, ImportResult, SkippedRecord } from '../import-result.js';
import { ZoneFileImportError } from './zone-file-import-error.js';

export interface ZoneFileImportOptions {
  /** The origin, when the file has no $ORIGIN and no absolute SOA owner (or to override them). */
  readonly origin?: Name;
  /** The file name used in reasons; "zonefile" by default. */
  readonly file?: string;
}

/**
 * Turns an RFC 1035 master file into the RRsets DNSCove will serve, like importRoute53. Pure.
 * The apex SOA's SERIAL is kept as `serial`, so the zone can go on from it.
 * Records outside the origin, the apex SOA and the apex NS (replaced by ours) and CNAME
 * conflicts are skipped, each reason starting with its line ("line 12: ..."); SPF becomes
 * TXT (noted). Values were validated by the shared parser, so they import as written.
 * Throws ZoneFileImportError (with the line) when the file does not parse: a master file is
 * read as a whole, so one syntax error refuses the import rather than guessing around it.
 */
export function importZoneFile(text: string, options: ZoneFileImportOptions = {}): ImportResult {
  const file = options.file ?? 'zonefile';
  let parsed: ReturnType<typeof parseZoneFile>;
  try {
    parsed = parseZoneFile(text, { ...(options.origin !== undefined ? { origin: options.origin } : {}), file });
  } catch (err) {
    // Line 0 is the file as a whole (no origin): no line to name.
    if (err instanceof ZoneFileError) throw new ZoneFileImportError(err.line > 0 ? `line ${err.line}: ${err.reason}` : err.reason, err.line > 0 ? err.line : undefined, { cause: err });
    throw new ZoneFileImportError((err as Error).message, undefined, { cause: err });
  }
  const origin = parsed.origin;
  const collector = new RRsetCollector(origin);
  const skipped: SkippedRecord[] = [];
  const notes: ImportNote[] = [];
  let serial: number | undefined;
  for (const record of parsed.records) {
    const typeText = rrTypeToText(record.type);
    if (record.type === RRType.SOA && record.name === origin) serial = soaSerial(record.rdata);
    if (!isSubdomain(record.name, origin)) {
      skipped.push({ name: record.name, type: typeText, reason: `line ${record.line}: outside the zone ${origin}` });
      continue;
    }
    const replaced = replacedByDnscove(record.name, record.type, origin);
    if (replaced !== undefined) {
      skipped.push({ name: record.name, type: typeText, reason: `line ${record.line}: ${replaced}` });
      continue;
    }
    let type = record.type;
    if (type === RRType.SPF) {
      type = RRType.TXT;
      notes.push({ name: record.name, type: 'SPF', note: `line ${record.line}: SPF record type is obsolete (RFC 7208 §3.1); imported as TXT` });
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
