// Migration 17: what the signer needs to sign only what a publish changed (control/dnssec).
// - dnssec_keys.signing: the zone is published signed (the default); signed_seq: the publication its chain
//   and signatures below describe (a publish that finds another one in the files re-signs the
//   whole zone); nsec3_ttl: the TTL its NSEC3 records carry.
// - dnssec_chain: the NSEC3 chain as published, by hash: each link's name, the types its
//   record lists, and how many names with data lie below it (a link with no types of its own
//   is an empty non-terminal, kept while that count is above zero).
// - dnssec_signatures: each published signature with a digest of the RRset it covers, so an
//   unchanged RRset keeps its signature through a rebuild, and the time it is due for renewal.
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 17,
  name: 'dnssec-signing',
  sql: `
    ALTER TABLE dnssec_keys ADD COLUMN signing INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE dnssec_keys ADD COLUMN signed_seq INTEGER;
    ALTER TABLE dnssec_keys ADD COLUMN nsec3_ttl INTEGER;
    CREATE TABLE dnssec_chain (
      zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      hash BLOB NOT NULL,
      name TEXT NOT NULL,
      types TEXT NOT NULL,
      below INTEGER NOT NULL,
      PRIMARY KEY (zone_id, hash)
    ) WITHOUT ROWID;
    CREATE TABLE dnssec_signatures (
      zone_id TEXT NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      type INTEGER NOT NULL,
      digest BLOB NOT NULL,
      rrsig BLOB NOT NULL,
      refresh_at INTEGER NOT NULL,
      PRIMARY KEY (zone_id, name, type)
    ) WITHOUT ROWID;
    CREATE INDEX dnssec_signatures_refresh ON dnssec_signatures (refresh_at);
  `,
};
