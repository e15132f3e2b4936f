// A zone's snapshot written straight from its rows, RRset by RRset (no ZoneContent in between).
//
// A big zone is read on a read-only connection of its own, inside one read transaction (WAL
// gives it a consistent view while the main connection keeps writing), and the event loop is
// given back every few milliseconds, so rebuilding a million-record zone neither holds a
// million objects nor stalls the API or an in-process edge for seconds.
import Database from 'better-sqlite3';
import type { Database as Connection } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Name } from '../../shared/dns/name.js';
import { SnapshotWriter } from '../../shared/snapshot/codec.js';
import { iterateRRsets } from '../store/rrsets.js';
import type { RRsetRow } from '../store/rrsets.js';
import { rrsetFromRow } from './build-zone-content.js';
import type { RdataParser } from './build-zone-content.js';

/** Rows a zone may have for its snapshot to be written in one go, inside the caller's transaction. */
export const SMALL_ZONE_ROWS = 5_000;
/** The longest the streaming build keeps the event loop. */
const SLICE_MS = 8;

/** The snapshot of `rows` (in iterateRRsets order), the SOA's SERIAL set to `serial`. */
export function snapshotFromRows(origin: Name, serial: number, rows: Iterable<RRsetRow>, parse: RdataParser): Buffer {
  const writer = new SnapshotWriter(origin);
  for (const row of rows) add(writer, row, serial, parse);
  return writer.finish();
}

/**
 * The snapshot of the zone as committed when the read starts, and the serial it carries, read
 * from the database file `file` in slices; undefined when the zone is gone by then.
 */
export async function streamSnapshotFromRows(file: string, zoneId: string, origin: Name, parse: RdataParser): Promise<{ snapshot: Buffer; serial: number } | undefined> {
  const db: Connection = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
    const zone = db.prepare<[string], { serial: number }>('SELECT serial FROM zones WHERE id = ?').get(zoneId);
    if (zone === undefined) return undefined;
    const writer = new SnapshotWriter(origin, 1 << 20);
    let sliceStart = performance.now();
    let n = 0;
    for (const row of iterateRRsets(db, zoneId)) {
      add(writer, row, zone.serial, parse);
      if (++n % 1024 === 0 && performance.now() - sliceStart > SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
    }
    db.exec('COMMIT');
    return { snapshot: writer.finish(), serial: zone.serial };
  } finally {
    db.close();
  }
}

function add(writer: SnapshotWriter, row: RRsetRow, serial: number, parse: RdataParser): void {
  const rrset = rrsetFromRow(row, serial, parse);
  writer.add(rrset.name, rrset.type, rrset.ttl, rrset.rdata);
}
