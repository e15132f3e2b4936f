// A zone's snapshot written straight from its rows, RRset by RRset (no ZoneContent in between).
//
// A big zone is read on a read-only connection of its own, inside one read transaction (WAL
// gives it a consistent view while the main connection keeps writing), and the event loop is
// given back every few milliseconds, so rebuilding a million-record zone neither holds a
// million objects nor stalls the API (or an edge in this process) for seconds.
import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Name } from '../../shared/dns/name.js';
import { SnapshotWriter } from '../../shared/snapshot/codec.js';
import { delegationNames, iterateRRsets } from '../store/rrsets.js';
import { RRType } from '../../shared/dns/rr-type.js';
import type { RRset } from '../../shared/dns/rrset.js';
import type { RRsetRow } from '../store/rrsets.js';
import { rrsetFromRow } from './build-zone-content.js';
import type { RdataParser } from './build-zone-content.js';

/** Rows a zone may have for its snapshot to be written in one go, inside the caller's transaction. */
export const SMALL_ZONE_ROWS = 5_000;
/** The longest the streaming build keeps the event loop. */
const SLICE_MS = 8;

/**
 * Signs a zone as its snapshot is written: given the zone's cuts, a signer that signs each
 * RRset as it is added and gives the apex key RRsets and NSEC3 chain at the end.
 */
export type SignerFor = (delegations: ReadonlySet<Name>) => { add(rrset: RRset): RRset | undefined; finish(): RRset[] };

/** The snapshot of `rows` (in iterateRRsets order), the SOA's SERIAL set to `serial`; signed when `signer` is given. */
export function snapshotFromRows(origin: Name, serial: number, rows: readonly RRsetRow[], parse: RdataParser, signerFor?: SignerFor): Buffer {
  const writer = new SnapshotWriter(origin);
  const signer = signerFor?.(new Set(rows.filter((r) => r.type === RRType.NS && r.name !== origin).map((r) => r.name)));
  for (const row of rows) add(writer, row, serial, parse, signer);
  for (const rrset of signer?.finish() ?? []) writer.add(rrset.name, rrset.type, rrset.ttl, rrset.rdata, rrset.signatures);
  return writer.finish();
}

/**
 * The snapshot of the zone as committed when the read starts, and the serial it carries, read
 * from the database file `file` in slices; undefined when the zone is gone by then.
 */
export async function streamSnapshotFromRows(file: string, zoneId: string, origin: Name, parse: RdataParser, signerFor?: SignerFor): Promise<{ snapshot: Buffer; serial: number } | undefined> {
  const db: Connection = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
    const zone = db.prepare<[string], { serial: number }>('SELECT serial FROM zones WHERE id = ?').get(zoneId);
    if (zone === undefined) return undefined;
    const writer = new SnapshotWriter(origin, 1 << 20);
    const signer = signerFor?.(delegationNames(db, zoneId, origin));
    let sliceStart = performance.now();
    let n = 0;
    for (const row of iterateRRsets(db, zoneId)) {
      add(writer, row, zone.serial, parse, signer);
      if (++n % 1024 === 0 && performance.now() - sliceStart > SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
    }
    db.exec('COMMIT');
    for (const rrset of signer?.finish() ?? []) writer.add(rrset.name, rrset.type, rrset.ttl, rrset.rdata, rrset.signatures);
    return { snapshot: writer.finish(), serial: zone.serial };
  } finally {
    db.close();
  }
}

function add(writer: SnapshotWriter, row: RRsetRow, serial: number, parse: RdataParser, signer: ReturnType<SignerFor> | undefined): void {
  const unsigned = rrsetFromRow(row, serial, parse);
  const rrset = signer === undefined ? unsigned : signer.add(unsigned);
  if (rrset !== undefined) writer.add(rrset.name, rrset.type, rrset.ttl, rrset.rdata, rrset.signatures);
}
