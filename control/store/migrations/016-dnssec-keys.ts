// Migration 16: each zone's DNSSEC combined signing key, sealed (control/dnssec/key-vault.ts).
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 16,
  name: 'dnssec-keys',
  sql: `
    CREATE TABLE dnssec_keys (
      zone_id TEXT PRIMARY KEY REFERENCES zones(id) ON DELETE CASCADE,
      algorithm INTEGER NOT NULL,
      sealed_key BLOB NOT NULL,
      created_at TEXT NOT NULL
    );
  `,
};
