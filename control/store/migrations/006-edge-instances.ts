// Migration 6: one status per edge process — processes sharing an edge key no longer overwrite each other's.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 6,
  name: 'edge-instances',
  // SQLite cannot change a primary key in place: copy into the new shape. Edges that reported
  // before this version keep their row with the empty instance until they report again.
  sql: `
    CREATE TABLE edge_status_by_instance (
      name TEXT NOT NULL REFERENCES edge_keys(name) ON DELETE CASCADE,
      instance TEXT NOT NULL,
      address TEXT NOT NULL,
      last_seen TEXT NOT NULL,
      served_seq INTEGER NOT NULL,
      zones INTEGER,
      PRIMARY KEY (name, instance)
    );
    INSERT INTO edge_status_by_instance (name, instance, address, last_seen, served_seq, zones)
      SELECT name, '', address, last_seen, served_seq, zones FROM edge_status;
    DROP TABLE edge_status;
    ALTER TABLE edge_status_by_instance RENAME TO edge_status;
  `,
};
