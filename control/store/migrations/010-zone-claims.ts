// Migration 10: claims on zones another account holds without having proved it (PENDING_VERIFICATION).
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 10,
  name: 'zone-claims',
  sql: `
    CREATE TABLE zone_claims (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      token TEXT NOT NULL,
      created_at TEXT NOT NULL,
      claimed_at TEXT
    );
    CREATE UNIQUE INDEX zone_claims_tenant_origin ON zone_claims (tenant_id, origin) WHERE claimed_at IS NULL;
  `,
};
