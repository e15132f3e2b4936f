// Opens the control plane's SQLite database and brings its schema up to date.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/migration.js';
import { migrations as allMigrations } from './migrations/index.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Opens (creating it and its directory if needed) the database at `file`, in WAL mode with
 * foreign keys on and a 5 s busy timeout, then applies every migration newer than the
 * recorded schema version, each in its own transaction. Refuses a database whose schema is
 * newer than this code knows (a downgrade).
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the tail.
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Database, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  const current = row?.v ?? 0;
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (current > known) throw new MigrationError(`store: database schema version ${current} is newer than this program (${known})`);
  const record = db.prepare<[number, string, string]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

/** Runs a trivial query; throws when the database cannot be read (health checks). */
export function pingDatabase(db: Database): void {
  db.prepare('SELECT 1').get();
}
