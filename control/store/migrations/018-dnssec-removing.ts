// Migration 18: a signed zone on its way to unsigned (PUT /api/zones/{id}/dnssec {"enabled": false}):
// still signed, publishing CDS and CDNSKEY "delete" (RFC 8078 §4) until the parent drops its DS.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 18,
  name: 'dnssec-removing',
  sql: `ALTER TABLE dnssec_keys ADD COLUMN removing INTEGER NOT NULL DEFAULT 0;`,
};
