// The zone-file import adapter: an RFC 1035 master file in, the RRsets DNSCove will serve out.
import type { Name } from '../../../shared/dns/name.js';
import { parseZoneFile } from '../../../shared/zonefile/parse-zone-file.js';
import { ZoneFileError } from '../../../shared/zonefile/zone-file-error.js';
import { importRecords } from '../import-records.js';
import type { ImportResult } from '../import-result.js';
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
  return importRecords(parsed.origin, parsed.records, (record) => `line ${record.line}: `);
}
