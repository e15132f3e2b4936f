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
    if (err instanceof ZoneFileError) throw new ZoneFileImportError(`line ${err.line}: ${err.reason}`, err.line, { cause: err });
    throw new ZoneFileImportError((err as Error).message, undefined, { cause: err });
  }
  const origin = parsed.origin;
  const collector = new RRsetCollector(origin);
  const skipped: SkippedRecord[] = [];
  const notes: ImportNote[] = [];
  for (const record of parsed.records) {
    const typeText = rrTypeToText(record.type);
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
  return { origin, rrsets, skipped, notes };
}
