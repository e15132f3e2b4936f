// Where an import's rows wait before they are written: a temporary table of the main
// connection (never on disk with the database, gone with the process), filled in batches
// between turns of the event loop, then moved into `rrsets` by one statement each for deletes
// and upserts inside the import's transaction, so the atomic part is SQLite's own loop.
import type { Database, Statement } from 'better-sqlite3';

interface Statements {
  stage: Statement<[string, string]>;
  remove: Statement<[string, string]>;
  upsert: Statement<[string, string]>;
  drop: Statement<[string]>;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s === undefined) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS import_staging (import_id TEXT NOT NULL, name TEXT NOT NULL, type INTEGER NOT NULL, ttl INTEGER, records TEXT);
             CREATE INDEX IF NOT EXISTS temp.import_staging_id ON import_staging (import_id)`);
    s = {
      stage: db.prepare<[string, string]>(
        'INSERT INTO temp.import_staging SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(?) AS j',
      ),
      remove: db.prepare<[string, string]>(
        'DELETE FROM rrsets WHERE zone_id = ? AND (name, type) IN (SELECT name, type FROM temp.import_staging WHERE import_id = ? AND records IS NULL)',
      ),
      upsert: db.prepare<[string, string]>(
        `INSERT INTO rrsets (zone_id, name, type, ttl, records) SELECT ?, name, type, ttl, records FROM temp.import_staging WHERE import_id = ? AND records IS NOT NULL
         ON CONFLICT (zone_id, name, type) DO UPDATE SET ttl = excluded.ttl, records = excluded.records`,
      ),
      drop: db.prepare<[string]>('DELETE FROM temp.import_staging WHERE import_id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/**
 * One row of a staged batch: an RRset to write (ttl and its records as JSON text), or one to
 * delete (ttl and records null).
 */
export type StagedRow = readonly [name: string, type: number, ttl: number | null, records: string | null];

/** Stages a batch: `batch` is the JSON text of a StagedRow array. */
export function stageRows(db: Database, importId: string, batch: string): void {
  statements(db).stage.run(importId, batch);
}

/** Writes everything staged under `importId` into the zone's rows. Call it inside a transaction. */
export function applyStagedRows(db: Database, zoneId: string, importId: string): void {
  const s = statements(db);
  s.remove.run(zoneId, importId);
  s.upsert.run(zoneId, importId);
}

export function dropStagedRows(db: Database, importId: string): void {
  statements(db).drop.run(importId);
}
