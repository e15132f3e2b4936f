// Migration 21: RFC 9615 bootstrapping signals a zone has published in the zones of its
// nameservers' names (control/dnssec/bootstrap-signals.ts), so that they are found again when
// they change or go; they go with either zone.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 21,
  name: 'dnssec-signals',
  sql: `
    CREATE TABLE dnssec_signals (
      child_zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      host_zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      PRIMARY KEY (child_zone_id, host_zone_id, name)
    ) WITHOUT ROWID;
    CREATE INDEX dnssec_signals_host ON dnssec_signals (host_zone_id);
  `,
};
