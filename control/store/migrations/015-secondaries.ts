// Migration 15: secondaries a tenant configured, for one zone or every zone of the tenant:
// each gets NOTIFY on every publish and transfers with its TSIG key.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 15,
  name: 'secondaries',
  sql: `
    CREATE TABLE secondaries (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      zone_id TEXT REFERENCES zones(id) ON DELETE CASCADE,
      host TEXT NOT NULL,
      port INTEGER NOT NULL,
      tsig_key_id TEXT NOT NULL REFERENCES tsig_keys(id),
      created_at TEXT NOT NULL
    );
    CREATE INDEX secondaries_tenant ON secondaries (tenant_id);
    CREATE INDEX secondaries_zone ON secondaries (zone_id);
  `,
};
