// Migration 19: key rollovers (POST /api/zones/{id}/dnssec/rollover).
// - dnssec_signatures.rrsig holds every signature of an RRset, each prefixed with its length
//   (two octets), since during a rollover each RRset carries one signature per key; the single
//   signatures stored before are given their prefix.
// - dnssec_rollovers: a zone's rollover in progress: the incoming key (sealed like the zone's
//   own), the phase it is in, and when the next step is due (null: waiting for the parent's DS).
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 19,
  name: 'dnssec-rollover',
  sql: `
    UPDATE dnssec_signatures SET rrsig = unhex(printf('%04X', length(rrsig)) || hex(rrsig));
    CREATE TABLE dnssec_rollovers (
      zone_id TEXT PRIMARY KEY REFERENCES zones(id) ON DELETE CASCADE,
      algorithm INTEGER NOT NULL,
      sealed_key BLOB NOT NULL,
      phase TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      phase_at INTEGER NOT NULL,
      next_at INTEGER,
      checked_at INTEGER
    );
  `,
};
