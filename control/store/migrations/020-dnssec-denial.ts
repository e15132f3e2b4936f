// Migration 20: a zone's chain of denial, NSEC3 (the default, RFC 9276's parameters) or NSEC
// (PUT /api/zones/{id}/dnssec {"denial": "NSEC"}).
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 20,
  name: 'dnssec-denial',
  sql: `ALTER TABLE dnssec_keys ADD COLUMN denial TEXT NOT NULL DEFAULT 'NSEC3' CHECK (denial IN ('NSEC', 'NSEC3'));`,
};
