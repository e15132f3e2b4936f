// Migration 14: TSIG keys (RFC 8945) for zone transfers, NOTIFY and updates. The secret is kept
// as given out (base64): an HMAC needs it, not a hash of it.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 14,
  name: 'tsig-keys',
  sql: `
    CREATE TABLE tsig_keys (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL UNIQUE,
      algorithm TEXT NOT NULL,
      scope TEXT NOT NULL,
      zone_id TEXT REFERENCES zones(id) ON DELETE CASCADE,
      secret TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX tsig_keys_tenant ON tsig_keys (tenant_id);
  `,
};
