// Migration 22: what the PowerDNS-compatible API (control/pdns-api/) keeps beyond the records:
// a zone's `kind` and `account` as its client set them (Terraform reads them back and would
// recreate a zone whose kind came back different), RRset comments, and disabled records, which
// PowerDNS stores and lists but never serves. All go with their zone.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 22,
  name: 'powerdns-api',
  sql: `
    CREATE TABLE pdns_zone_settings (
      zone_id TEXT PRIMARY KEY REFERENCES zones(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      account TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE rrset_comments (
      zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      type INTEGER NOT NULL,
      comments TEXT NOT NULL,
      PRIMARY KEY (zone_id, name, type)
    ) WITHOUT ROWID;
    CREATE TABLE disabled_records (
      zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      type INTEGER NOT NULL,
      ttl INTEGER NOT NULL,
      records TEXT NOT NULL,
      PRIMARY KEY (zone_id, name, type)
    ) WITHOUT ROWID;
  `,
};
