// Migration 5: remote edges — their keys, what each last reported, and the feed of changed snapshot files.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 5,
  name: 'edges',
  sql: `
    CREATE TABLE edge_keys (
      name TEXT PRIMARY KEY,
      key_hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    );
    CREATE TABLE edge_status (
      name TEXT PRIMARY KEY REFERENCES edge_keys(name) ON DELETE CASCADE,
      address TEXT NOT NULL,
      last_seen TEXT NOT NULL,
      served_seq INTEGER NOT NULL,
      zones INTEGER
    );
    CREATE TABLE feed (
      stem TEXT PRIMARY KEY,
      seq INTEGER NOT NULL UNIQUE,
      removed INTEGER NOT NULL,
      snapshot_size INTEGER,
      snapshot_checksum TEXT,
      journal_size INTEGER,
      journal_base TEXT
    );
  `,
};
