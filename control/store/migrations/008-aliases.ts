// Migration 8: ALIAS records (Route 53 alias, PowerDNS ALIAS) — kept apart from rrsets, since
// nothing publishes them: the A and AAAA they resolve to are written to rrsets and served.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 8,
  name: 'aliases',
  sql: `
    CREATE TABLE aliases (
      zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      ttl INTEGER NOT NULL,
      target TEXT NOT NULL,
      refresh_at INTEGER NOT NULL,
      PRIMARY KEY (zone_id, name)
    ) WITHOUT ROWID;
    CREATE INDEX aliases_refresh ON aliases (refresh_at);
  `,
};
