// Migration 23: the SOA serial each remote edge process serves of each zone (its status
// reports), so GET /api/edges names the zones it lags on; `reports_serials` tells an edge that
// never reported them (older than this) from one that serves nothing.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 23,
  name: 'edge-zone-serials',
  sql: `
    CREATE TABLE edge_zone_serials (
      name TEXT NOT NULL,
      instance TEXT NOT NULL,
      zone TEXT NOT NULL,
      serial INTEGER NOT NULL,
      PRIMARY KEY (name, instance, zone),
      FOREIGN KEY (name, instance) REFERENCES edge_status(name, instance) ON DELETE CASCADE
    ) WITHOUT ROWID;
    ALTER TABLE edge_status ADD COLUMN reports_serials INTEGER NOT NULL DEFAULT 0;
  `,
};
