// Where an import's rows wait before they are written: a temporary table of the main
// connection of its own per import (never in the database file, gone with the process),
// filled in batches between turns of the event loop, then moved into `rrsets` by one statement
// each for deletes and upserts inside the import's transaction, so the atomic part is SQLite's
// own loop, and dropped whole afterwards.
import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

/**
 * One row of a staged batch: an RRset to write (ttl and its records as JSON text), or one to
 * delete (ttl and records null).
 */
export type StagedRow = readonly [name: string, type: number, ttl: number | null, records: string | null];

export interface ImportStaging {
  /** Stages a batch: the JSON text of a StagedRow array. */
  stage(batch: string): void;
  /** Writes everything staged into the zone's rows. Call it inside a transaction. */
  apply(zoneId: string): void;
  /** Drops the staged rows (idempotent). */
  drop(): void;
}

export function createImportStaging(db: Database): ImportStaging {
  const table = `temp.import_${randomBytes(8).toString('hex')}`;
  db.exec(`CREATE TABLE ${table} (name TEXT NOT NULL, type INTEGER NOT NULL, ttl INTEGER, records TEXT)`);
  const stage: Statement<[string]> = db.prepare(`INSERT INTO ${table} SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(?) AS j`);
  const remove: Statement<[string]> = db.prepare(`DELETE FROM rrsets WHERE zone_id = ? AND (name, type) IN (SELECT name, type FROM ${table} WHERE records IS NULL)`);
  const upsert: Statement<[string]> = db.prepare(
    `INSERT INTO rrsets (zone_id, name, type, ttl, records) SELECT ?, name, type, ttl, records FROM ${table} WHERE records IS NOT NULL
     ON CONFLICT (zone_id, name, type) DO UPDATE SET ttl = excluded.ttl, records = excluded.records`,
  );
  let dropped = false;
  return {
    stage: (batch) => void stage.run(batch),
    apply(zoneId) {
      remove.run(zoneId);
      upsert.run(zoneId);
    },
    drop() {
      if (dropped) return;
      dropped = true;
      db.exec(`DROP TABLE ${table}`);
    },
  };
}
