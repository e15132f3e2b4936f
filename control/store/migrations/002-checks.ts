// Migration 2: the last delegation and parity result of each zone.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 2,
  name: 'checks',
  sql: `
    CREATE TABLE check_results (
      zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('delegation', 'parity')),
      result TEXT NOT NULL,
      checked_at TEXT NOT NULL,
      PRIMARY KEY (zone_id, kind)
    );
  `,
};
