// What every import adapter produces: the zone's origin, the RRsets to import and what was skipped.
import type { Name } from '../../shared/dns/name.js';
import type { RRsetData } from '../records/rrset-change.js';

/**
 * A record set or value the adapter did not import, and why. `name` is the decoded absolute
 * name, or the source's text when it does not decode; `type` is as the source spelled it.
 */
export interface SkippedRecord {
  readonly name: string;
  readonly type: string;
  readonly reason: string;
}

/** Something imported in a changed form (SPF stored as TXT), so the user is told. */
export interface ImportNote {
  readonly name: string;
  readonly type: string;
  readonly note: string;
}

/**
 * An adapter's whole answer. Pure data: nothing has been stored. The apex SOA and apex NS of
 * the source are never among `rrsets` (the zone gets ours); they are listed in `skipped`.
 */
export interface ImportResult {
  readonly origin: Name;
  /** Ready to store: canonical presentation values (formatRdata of the parsed value), no duplicates, first-seen order. */
  readonly rrsets: readonly RRsetData[];
  readonly skipped: readonly SkippedRecord[];
  readonly notes: readonly ImportNote[];
  /** The source's apex SOA SERIAL (zone files): the zone continues from it when it is higher than its own. */
  readonly serial?: number;
}
